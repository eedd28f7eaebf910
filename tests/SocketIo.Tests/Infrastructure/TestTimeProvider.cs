using Microsoft.Extensions.Time.Testing;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when the code under test creates a timer of a given due
/// time, so that the test advances the clock only once the timer it means to fire exists (a connection's connect
/// timer, for one, is armed just after the client has its open packet).
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _inner = new();
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Signal)> _waiters = [];

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <summary>Moves time on; timers that fall due run on this thread before it returns.</summary>
    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Completes once a timer with this due time has been created (counting those created already).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime)
    {
        lock (_lock)
        {
            if (_created.Contains(dueTime))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, signal));
            return signal.Task.DefaultTimeout();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _inner.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _created.Add(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].DueTime == dueTime)
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

        return timer;
    }
}
