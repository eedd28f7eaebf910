using Microsoft.Extensions.Time.Testing;

namespace EngineIo.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells the test when the code under test creates a timer, so that the
/// test advances time only once the timer it means to fire exists. It can also make timers fire early or late by a
/// fixed amount, as real timers do: they count whole milliseconds of a coarser clock than <see cref="GetTimestamp"/>,
/// and run on a thread pool that may be busy.
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _inner = new();
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> _waiters = [];

    /// <summary>How many timers have been created so far.</summary>
    public int TimersCreated
    {
        get
        {
            lock (_lock)
            {
                return _created.Count;
            }
        }
    }

    /// <summary>
    /// How much later than asked (earlier if negative) a timer fires, for timers created or re-armed from now on. Periods
    /// are exact.
    /// </summary>
    public TimeSpan TimerSkew { get; set; }

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <summary>Moves time on; timers that fall due run on this thread before it returns.</summary>
    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>
    /// Completes once a timer whose due time matches has been created (counting those created already), with that due
    /// time: the test then knows the timer exists and how far to advance.
    /// </summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, string description)
    {
        Task<TimeSpan> signal;
        lock (_lock)
        {
            foreach (var due in _created)
            {
                if (match(due))
                {
                    return due;
                }
            }

            var waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            signal = waiter.Task;
        }

        try
        {
            return await signal.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            string created;
            lock (_lock)
            {
                created = string.Join(", ", _created);
            }

            throw new TimeoutException($"No timer {description} was created; timers created: {created}.", ex);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SkewedTimer(this, _inner.CreateTimer(callback, state, Skew(dueTime), period));
        List<TaskCompletionSource<TimeSpan>> ready = [];
        lock (_lock)
        {
            _created.Add(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(dueTime))
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult(dueTime);
        }

        return timer;
    }

    private TimeSpan Skew(TimeSpan dueTime) =>
        dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.FromTicks(Math.Max(0, (dueTime + TimerSkew).Ticks));

    private sealed class SkewedTimer(TestTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Skew(dueTime), period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
