using System.IO.Pipelines;

namespace EngineIo.WebSockets;

/// <summary>
/// Ends a peek that waits for more of a head: fired by the headers timeout or the host stopping, whichever comes first,
/// it cancels the pending read once (so the peek gets what arrived so far).
/// </summary>
internal sealed class PeekDeadline(PipeReader input)
{
    /// <summary>For the token registrations.</summary>
    public static readonly Action<object?> Fire = static state => ((PeekDeadline)state!).OnFire();

    /// <summary>For the timer.</summary>
    public static readonly TimerCallback FireTimer = static state => ((PeekDeadline)state!).OnFire();

    private readonly PipeReader _input = input;
    private int _fired;

    /// <summary>True once the read has been cancelled; the cancellation is seen by the next read if none was pending.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    private void OnFire()
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _input.CancelPendingRead();
        }
    }
}
