using Microsoft.Extensions.Time.Testing;

namespace TestUtilities;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells the test when the code under test sets a timer (creates one, or
/// re-arms one it keeps with <see cref="ITimer.Change"/>), so that the test advances time only once the timer it means
/// to fire is armed: a connection's connect timer, for one, is armed just after the client has its open packet. It can
/// also make timers fire early or late by a fixed amount, as real timers do: they count whole milliseconds of a coarser
/// clock than <see cref="GetTimestamp"/>, and run on a thread pool that may be busy.
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _inner;
    private readonly Lock _lock = new();

    // Every setting of a timer, in order: creations and changes, with the due time the code asked for (before skew).
    private readonly List<(TimeSpan DueTime, bool Created)> _settings = [];
    private readonly List<Waiter> _waiters = [];
    private int _timersTaken;

    /// <param name="start">The clock's first reading; by default <see cref="FakeTimeProvider"/>'s.</param>
    public TestTimeProvider(DateTimeOffset? start = null)
    {
        _inner = start is { } at ? new FakeTimeProvider(at) : new FakeTimeProvider();
    }

    /// <summary>How many timers have been created so far (re-arming one does not count).</summary>
    public int TimersCreated
    {
        get
        {
            lock (_lock)
            {
                return _settings.Count(static setting => setting.Created);
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
    /// Completes once a timer has been created with a due time that matches (counting those created already), with that
    /// due time: the test then knows the timer exists and how far to advance. Re-arming a timer does not count here, so
    /// that a timer the code keeps and re-arms (a session's heartbeat list) cannot pass for the one the test waits for.
    /// </summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, string description) =>
        WaitAsync(setting => setting.Created && match(setting.DueTime), count: 1, $"{description} was created");

    /// <summary>
    /// Completes once timers have been set to exactly <paramref name="dueTime"/> (created with it, or re-armed to it)
    /// <paramref name="count"/> times in all, counting those set already.
    /// </summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) =>
        WaitAsync(setting => setting.DueTime == dueTime, count, $"was set to {dueTime} {count} time(s)");

    /// <summary>
    /// The due time of the next timer created, in order of creation: the first call gives the first timer's (created
    /// already, or to come), the next call the second's. Re-arming a timer does not count.
    /// </summary>
    public Task<TimeSpan> NextTimerAsync()
    {
        var nth = Interlocked.Increment(ref _timersTaken);
        return WaitAsync(static setting => setting.Created, nth, $"number {nth} was created");
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SkewedTimer(this, _inner.CreateTimer(callback, state, Skew(dueTime), period));
        OnSet(dueTime, created: true);
        return timer;
    }

    private async Task<TimeSpan> WaitAsync(Func<(TimeSpan DueTime, bool Created), bool> match, int count, string description)
    {
        Waiter waiter;
        lock (_lock)
        {
            waiter = new Waiter(match, count);
            foreach (var setting in _settings)
            {
                if (waiter.Observe(setting))
                {
                    return setting.DueTime;
                }
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Signal.Task.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            string settings;
            lock (_lock)
            {
                _waiters.Remove(waiter);
                settings = string.Join(", ", _settings.Select(static s => (s.Created ? "created " : "re-armed ") + s.DueTime));
            }

            throw new TimeoutException($"No timer {description}; timers so far: {(settings.Length == 0 ? "none" : settings)}.", ex);
        }
    }

    private void OnSet(TimeSpan dueTime, bool created)
    {
        List<Waiter> ready = [];
        lock (_lock)
        {
            var setting = (dueTime, created);
            _settings.Add(setting);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Observe(setting))
                {
                    ready.Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Outside the lock: a test's continuation may set a timer of its own.
        foreach (var waiter in ready)
        {
            waiter.Signal.TrySetResult(dueTime);
        }
    }

    private TimeSpan Skew(TimeSpan dueTime) =>
        dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.FromTicks(Math.Max(0, (dueTime + TimerSkew).Ticks));

    /// <summary>A test waiting for the <see cref="_count"/>-th setting that matches.</summary>
    private sealed class Waiter(Func<(TimeSpan DueTime, bool Created), bool> match, int count)
    {
        private readonly int _count = count;
        private int _seen;

        public TaskCompletionSource<TimeSpan> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Counts a setting; true once enough have matched. Called under the provider's lock.</summary>
        public bool Observe((TimeSpan DueTime, bool Created) setting) => match(setting) && ++_seen >= _count;
    }

    /// <summary>The fake clock's timer, skewed as <see cref="TimerSkew"/> says, reporting each re-arming.</summary>
    private sealed class SkewedTimer(TestTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(owner.Skew(dueTime), period);
            owner.OnSet(dueTime, created: false);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
