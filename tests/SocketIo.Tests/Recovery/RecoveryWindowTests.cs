using System.Text;
using SocketIo.Adapters;

namespace SocketIo.Tests.Recovery;

/// <summary>The in-memory adapter's recovery window: what it keeps, for how long, and how much.</summary>
public sealed class RecoveryWindowTests
{
    private static readonly SocketIoBroadcastOptions _all = new(new HashSet<string>(), new HashSet<string>(), isVolatile: false, isLocal: false);

    private static SocketIoPacket Event(string text) => new(Encoding.UTF8.GetBytes("2[\"e\",\"" + text + "\"]"), []);

    [Fact]
    public void Append_ManyPackets_BytesStayWithinTheBoundOldestGoFirst()
    {
        var options = new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = 64 * 1024 };
        var window = new RecoveryWindow(options, new TestTimeProvider());
        var payload = new string('x', 1000);

        for (var i = 0; i < 10_000; i++)
        {
            window.Append(Event(payload), _all);
            Assert.True(window.Bytes <= options.MaxBufferedBytes);
        }

        Assert.InRange(window.PacketCount, 1, 64 * 1024 / 1000);
        // The newest are kept: a session that saw the one before the last gets the last.
        window.Persist(new SocketIoSession("id", "pid", ["id"], null));
        var restored = window.Restore("pid", "9999");
        Assert.NotNull(restored);
        Assert.Equal("10000", Assert.Single(restored.MissedPackets).Offset);
    }

    [Fact]
    public void Append_OlderThanTheWindow_Evicted_SessionsExpire()
    {
        var time = new TestTimeProvider();
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions(), time);
        window.Append(Event("a"), _all);
        window.Persist(new SocketIoSession("id", "old", ["id"], null));

        time.Advance(TimeSpan.FromMinutes(3));
        window.Append(Event("b"), _all);
        window.Persist(new SocketIoSession("id2", "new", ["id2"], null));

        Assert.Equal(1, window.PacketCount);
        Assert.Equal(1, window.SessionCount);
        Assert.Null(window.Restore("old", "1"));
        Assert.NotNull(window.Restore("new", "2"));
        Assert.Equal(0, window.SessionCount);
    }

    [Fact]
    public void Restore_OnlyPacketsForTheSessionsRooms_NotExcepted()
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions(), new TestTimeProvider());
        window.Append(Event("before"), _all);
        window.Persist(new SocketIoSession("s", "pid", ["s", "a"], "data"));
        window.Append(Event("to-a"), new(new HashSet<string> { "a" }, new HashSet<string>(), false, false));
        window.Append(Event("to-b"), new(new HashSet<string> { "b" }, new HashSet<string>(), false, false));
        window.Append(Event("all-but-a"), new(new HashSet<string>(), new HashSet<string> { "a" }, false, false));
        window.Append(Event("to-s"), new(new HashSet<string> { "s" }, new HashSet<string>(), false, false));
        window.Append(Event("all"), _all);

        var restored = window.Restore("pid", "1");

        Assert.NotNull(restored);
        Assert.Equal("data", restored.Session.Data);
        Assert.Equal(
            ["2[\"e\",\"to-a\",\"2\"]", "2[\"e\",\"to-s\",\"5\"]", "2[\"e\",\"all\",\"6\"]"],
            restored.MissedPackets.Select(p => Encoding.UTF8.GetString(p.Text.Span)));
        // Restored once.
        Assert.Null(window.Restore("pid", "1"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("x")]
    public void Restore_OffsetNotInTheWindow_Null(string offset)
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions(), new TestTimeProvider());
        window.Append(Event("a"), _all);
        window.Persist(new SocketIoSession("s", "pid", ["s"], null));
        Assert.Null(window.Restore("pid", offset));
    }
}
