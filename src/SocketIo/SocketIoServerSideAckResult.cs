using System.Text.Json;

namespace SocketIo;

/// <summary>The answers of the other servers to <see cref="SocketIoNamespace.ServerSideEmitWithAckAsync(string, object?[])"/>.</summary>
public sealed class SocketIoServerSideAckResult
{
    /// <summary>Creates a result (for a multi-node adapter).</summary>
    public SocketIoServerSideAckResult(IReadOnlyList<JsonElement> responses, int expected, bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(responses);
        Responses = responses;
        Expected = expected;
        TimedOut = timedOut;
    }

    /// <summary>No other server: nothing to wait for.</summary>
    public static SocketIoServerSideAckResult None { get; } = new([], 0, timedOut: false);

    /// <summary>The answers, one value per server, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Responses { get; }

    /// <summary>How many other servers were counted when the event was sent.</summary>
    public int Expected { get; }

    /// <summary>
    /// True if the adapter's request timeout passed before every server answered: <see cref="Responses"/> is then
    /// partial (the reference rejects with "timeout reached: only N responses received out of M").
    /// </summary>
    public bool TimedOut { get; }
}
