using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace EngineIo.Internal;

/// <summary>
/// An auto-reset event for exactly one waiter at a time, reused for the session's whole life so that waiting for
/// outbound packets allocates nothing. A <see cref="Set"/> with nobody waiting is remembered for the next wait.
/// </summary>
internal sealed class AsyncSignal(object sharedLock) : IValueTaskSource
{
    /// <summary>Shared with the owner (the session), which saves a lock object per session.</summary>
    private readonly object _lock = sharedLock;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _isSet;
    private bool _hasWaiter;

    /// <summary>Completes at once if the signal is set (and resets it), otherwise at the next <see cref="Set"/>.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            AssertInvariants();
            if (_isSet)
            {
                _isSet = false;
                return default;
            }

            Debug.Assert(!_hasWaiter, "AsyncSignal supports one waiter at a time.");
            _hasWaiter = true;
            _core.Reset();
            AssertInvariants();
            return new ValueTask(this, _core.Version);
        }
    }

    public void Set()
    {
        lock (_lock)
        {
            if (!_hasWaiter)
            {
                _isSet = true;
                AssertInvariants();
                return;
            }

            _hasWaiter = false;
            AssertInvariants();
        }

        // Outside the lock: with RunContinuationsAsynchronously the waiter resumes on the thread pool, so a producer
        // (a broadcast loop, the heartbeat timer) never runs a transport's send inline.
        _core.SetResult(true);
    }

    /// <summary>The two flags <see cref="_lock"/> guards here.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_lock), "The signal's flags change under the shared lock.");
        Debug.Assert(!(_isSet && _hasWaiter), "A set that finds a waiter releases it instead of being remembered.");
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
