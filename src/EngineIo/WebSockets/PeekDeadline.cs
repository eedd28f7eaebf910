using System.IO.Pipelines;

namespace EngineIo.WebSockets;

/// <summary>
/// Ends a peek that waits for more of a head: fired by the timeout or the host stopping, whichever comes first, it
/// cancels the pending read once (so the peek gets what arrived so far), and remembers which of the two it was.
/// </summary>
internal sealed class PeekDeadline(PipeReader input)
{
    /// <summary>For the host's stopping token.</summary>
    public static readonly Action<object?> Fire = static state => ((PeekDeadline)state!).OnFire(timedOut: false);

    /// <summary>For the timer: the client took too long.</summary>
    public static readonly TimerCallback FireTimer = static state => ((PeekDeadline)state!).OnFire(timedOut: true);

    private readonly PipeReader _input = input;
    private int _fired;
    private volatile bool _timedOut;

    /// <summary>True once the read has been cancelled; the cancellation is seen by the next read if none was pending.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    /// <summary>True if it was the timer that fired: the client used up its time, so nobody else gives it more.</summary>
    public bool TimedOut => _timedOut;

    private void OnFire(bool timedOut)
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _timedOut = timedOut;
            _input.CancelPendingRead();
        }
    }
}
