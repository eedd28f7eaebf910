using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports every timer created on it (the due time), so a test can wait
/// until the code under test starts a delay or a timeout, check its length, and advance the clock past it.
/// </summary>
internal sealed class ObservableTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _inner = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();
    private int _timerCount;

    public int TimerCount => Volatile.Read(ref _timerCount);

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _inner.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timerCount);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer to be created and returns its due time.</summary>
    public Task<TimeSpan> NextTimerAsync() => _timers.Reader.ReadAsync().AsTask().DefaultTimeout();

    public void Advance(TimeSpan delta) => _inner.Advance(delta);
}
