namespace SocketIo;

/// <summary>The acknowledgements of a broadcast: every target's, or those that came in time.</summary>
public sealed class SocketIoBroadcastAckResult
{
    internal SocketIoBroadcastAckResult(IReadOnlyList<SocketIoAckResponse> responses, int expected, bool timedOut)
    {
        Responses = responses;
        Expected = expected;
        TimedOut = timedOut;
    }

    /// <summary>The answers received, in arrival order.</summary>
    public IReadOnlyList<SocketIoAckResponse> Responses { get; }

    /// <summary>How many sockets the broadcast reached and were asked to answer.</summary>
    public int Expected { get; }

    /// <summary>
    /// True if the timeout passed before every target answered; <see cref="Responses"/> is then the partial set
    /// (the reference's "operation has timed out" error).
    /// </summary>
    public bool TimedOut { get; }
}
