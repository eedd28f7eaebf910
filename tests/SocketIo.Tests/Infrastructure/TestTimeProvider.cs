using Microsoft.Extensions.Time.Testing;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when the code under test sets a timer to a given due time
/// (creates one, or changes one it keeps), so that the test advances the clock only once the timer it means to fire is
/// armed (a connection's connect timer, for one, is armed just after the client has its open packet).
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _inner = new();
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _armed = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Signal)> _waiters = [];

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <summary>Moves time on; timers that fall due run on this thread before it returns.</summary>
    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Completes once a timer has been set to this due time (counting those set already).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime) => WaitForTimerAsync(dueTime, count: 1);

    /// <summary>Completes once timers have been set to this due time <paramref name="count"/> times in all.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count)
    {
        lock (_lock)
        {
            if (ArmedLocked(dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, count, signal));
            return signal.Task.DefaultTimeout();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, _inner.CreateTimer(callback, state, dueTime, period));
        OnArmed(dueTime);
        return timer;
    }

    private int ArmedLocked(TimeSpan dueTime) => _armed.Count(armed => armed == dueTime);

    private void OnArmed(TimeSpan dueTime)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _armed.Add(dueTime);
            var armed = ArmedLocked(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].DueTime == dueTime && _waiters[i].Count <= armed)
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult();
        }
    }

    /// <summary>The fake clock's timer, reporting each change of due time.</summary>
    private sealed class Timer(TestTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.OnArmed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
