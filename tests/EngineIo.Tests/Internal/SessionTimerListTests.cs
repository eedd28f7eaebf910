using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EngineIo.Tests.Internal;

/// <summary>Many deadlines of one duration served by a single timer, on a fake clock.</summary>
public sealed class SessionTimerListTests : IDisposable
{
    private static readonly TimeSpan _duration = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    private readonly TestTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly EngineIoServer _server;
    private readonly List<string> _fired = [];
    private readonly SessionTimerList _list;

    public SessionTimerListTests()
    {
        _server = HostlessServer.Create(_services, timeProvider: _time);
        _list = new SessionTimerList(_time, _duration, session => _fired.Add(TestSessionIds.NameOf(session)));
    }

    [Fact]
    public void Add_FiresOneDurationLater_NotBefore()
    {
        _list.Add(Session("a"));

        _time.Advance(_duration - _tick);
        Assert.Empty(_fired);
        _time.Advance(_tick);

        Assert.Equal(["a"], _fired);
        _time.Advance(_duration * 5);
        Assert.Equal(["a"], _fired);
    }

    [Fact]
    public void Add_AtDifferentTimes_FireInOrderEachAtItsDeadline()
    {
        _list.Add(Session("a"));
        _time.Advance(TimeSpan.FromMilliseconds(30));
        _list.Add(Session("b"));
        _time.Advance(TimeSpan.FromMilliseconds(30));
        _list.Add(Session("c"));

        _time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(["a"], _fired);
        _time.Advance(TimeSpan.FromMilliseconds(29));
        Assert.Equal(["a"], _fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a", "b"], _fired);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(["a", "b", "c"], _fired);
    }

    [Fact]
    public void Add_SameInstant_AllFireTogetherInOrderOfAdding()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            _list.Add(Session(id));
        }

        _time.Advance(_duration);

        Assert.Equal(["a", "b", "c"], _fired);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("c")]
    public void Remove_BeforeDeadline_NeverFires(string removed)
    {
        var sessions = new[] { "a", "b", "c" }.Select(Session).ToArray();
        foreach (var session in sessions)
        {
            _list.Add(session);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        _list.Remove(sessions.Single(session => TestSessionIds.NameOf(session) == removed));
        _time.Advance(_duration * 2);

        Assert.Equal(new[] { "a", "b", "c" }.Where(id => id != removed), _fired);
        Assert.Null(sessions.Single(session => TestSessionIds.NameOf(session) == removed).TimerOwner);
    }

    [Fact]
    public void Remove_NotInList_NoEffect()
    {
        var a = Session("a");
        var other = new SessionTimerList(_time, _duration, static _ => { });
        other.Add(a);

        _list.Remove(a);
        _list.Remove(Session("b"));

        Assert.Same(other, a.TimerOwner);
        other.Dispose();
    }

    [Fact]
    public void Add_Again_MovesToEndWithNewDeadline()
    {
        var a = Session("a");
        _list.Add(a);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _list.Add(Session("b"));
        _time.Advance(TimeSpan.FromMilliseconds(50));

        _list.Add(a);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(["b"], _fired);
        _time.Advance(TimeSpan.FromMilliseconds(50) - _tick);
        Assert.Equal(["b"], _fired);
        _time.Advance(_tick);

        Assert.Equal(["b", "a"], _fired);
    }

    [Fact]
    public void Add_WithStart_DeadlineCountsFromStart()
    {
        var start = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(40));

        _list.Add(Session("a"), start);
        _time.Advance(TimeSpan.FromMilliseconds(60) - _tick);
        Assert.Empty(_fired);
        _time.Advance(_tick);

        Assert.Equal(["a"], _fired);
    }

    [Fact]
    public void OnDue_ReAddFromCallback_FiresAgainOneDurationLater()
    {
        SessionTimerList? list = null;
        var count = 0;
        list = new SessionTimerList(_time, _duration, session =>
        {
            count++;
            list!.Add(session);
        });
        list.Add(Session("a"));

        _time.Advance(_duration);
        _time.Advance(_duration - _tick);
        Assert.Equal(1, count);
        _time.Advance(_tick);
        Assert.Equal(2, count);
        _time.Advance(_duration);

        Assert.Equal(3, count);
        list.Dispose();
    }

    [Fact]
    public void ManySessions_OneTimer_EachFiresAtItsOwnDeadline()
    {
        var timersBefore = _time.TimersCreated;
        var list = new SessionTimerList(_time, _duration, session => _fired.Add(TestSessionIds.NameOf(session)));
        for (var i = 0; i < 1000; i++)
        {
            list.Add(Session(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // Added at 0..999 ms and now at 1000 ms: those added up to 900 ms are due; the rest follow 1 ms apart.
        Assert.Equal(901, _fired.Count);
        for (var i = 901; i < 1000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(i + 1, _fired.Count);
        }

        Assert.Equal([.. Enumerable.Range(0, 1000).Select(static i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))], _fired);
        Assert.Equal(timersBefore + 1, _time.TimersCreated);
        list.Dispose();
    }

    [Fact]
    public void TryRemoveOverdue_OnlyOnceDeadlinePassed()
    {
        var a = Session("a");
        var list = new SessionTimerList(new FrozenTimers(_time), _duration, session => _fired.Add(TestSessionIds.NameOf(session)));
        list.Add(a);

        _time.Advance(_duration - _tick);
        Assert.False(list.TryRemoveOverdue(a));
        _time.Advance(_tick);

        // The deadline has passed but this list's timer has not run (it never does here).
        Assert.Same(list, a.TimerOwner);
        Assert.True(list.TryRemoveOverdue(a));
        Assert.Null(a.TimerOwner);
        Assert.False(list.TryRemoveOverdue(a));
        Assert.Empty(_fired);
        list.Dispose();
    }

    [Fact]
    public void Dispose_PendingDeadlinesNeverFire()
    {
        _list.Add(Session("a"));

        _list.Dispose();
        _time.Advance(_duration * 2);
        _list.Add(Session("b"));
        _time.Advance(_duration * 2);

        Assert.Empty(_fired);
    }

    /// <summary>
    /// A session closed while the host is being torn down removes itself from a list that is gone already: it finds
    /// itself in none, and the removal leaves the other sessions out too.
    /// </summary>
    [Fact]
    public void Dispose_SessionsInTheListAreInNoneAfterwards()
    {
        var a = Session("a");
        var b = Session("b");
        _list.Add(a);
        _list.Add(b);

        _list.Dispose();
        _list.Remove(a);

        Assert.Null(a.TimerOwner);
        Assert.Null(b.TimerOwner);
        Assert.Null(b.TimerPrev);
        Assert.False(_list.TryRemoveOverdue(b));
    }

    public void Dispose()
    {
        _list.Dispose();
        _server.Dispose();
        _services.Dispose();
    }

    private EngineIoSession Session(string id) =>
        new(_server, TestSessionIds.Named(id), new EngineIoHandshake(new DefaultHttpContext(), _time.GetUtcNow()), EngineIoTransports.Polling);

    /// <summary>The test clock, but with timers that never fire: to see what the list does before its timer runs.</summary>
    private sealed class FrozenTimers(TimeProvider inner) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}
