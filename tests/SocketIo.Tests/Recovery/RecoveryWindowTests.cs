using System.Text;
using SocketIo.Adapters;
using SocketIo.Internal;

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

    private static SocketIoBroadcastOptions To(string room) =>
        new(new SingleRoomSet(room), new HashSet<string>(), isVolatile: false, isLocal: false);

    [Fact]
    public void Restore_PacketsToOneRoomNamingIt_EachGivenBackWithItsOwnName()
    {
        // A welcome naming each socket's id, kept as one template for all, and texts a template cannot stand for: the
        // name twice, not at all, overlapping itself, or in a selection of more than the one room.
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions(), new TestTimeProvider());
        window.Append(Event("first"), _all);
        string[] ids = ["aXd3", "b7Qz", "cc"];
        foreach (var id in ids)
        {
            window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"ack\",{\"id\":\"" + id + "\"}]"), []), To(id));
        }

        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"twice\",\"cc\",\"cc\"]"), []), To("cc"));
        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"none\"]"), []), To("cc"));
        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"ccc\"]"), []), To("cc"));
        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"both\",\"cc\"]"), []), new(new HashSet<string> { "cc", "x" }, new HashSet<string>(), false, false));
        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("2[\"other\",\"aXd3\"]"), []), To("aXd3"));
        foreach (var id in ids)
        {
            window.Persist(new SocketIoSession(id, "pid-" + id, [id], null));
        }

        Assert.Equal(
            ["2[\"ack\",{\"id\":\"aXd3\"},\"2\"]", "2[\"other\",\"aXd3\",\"9\"]"],
            window.Restore("pid-aXd3", "1")?.MissedPackets.Select(p => Encoding.UTF8.GetString(p.Text.Span)) ?? []);
        Assert.Equal(
            ["2[\"ack\",{\"id\":\"b7Qz\"},\"3\"]"],
            window.Restore("pid-b7Qz", "1")?.MissedPackets.Select(p => Encoding.UTF8.GetString(p.Text.Span)) ?? []);
        var missed = window.Restore("pid-cc", "1")?.MissedPackets;
        Assert.NotNull(missed);
        Assert.Equal(
            ["2[\"ack\",{\"id\":\"cc\"},\"4\"]", "2[\"twice\",\"cc\",\"cc\",\"5\"]", "2[\"none\",\"6\"]", "2[\"ccc\",\"7\"]", "2[\"both\",\"cc\",\"8\"]"],
            missed.Select(p => Encoding.UTF8.GetString(p.Text.Span)));
        Assert.Equal(["4", "5", "6", "7", "8"], missed.Select(p => p.Offset));
    }

    [Fact]
    public void Restore_PacketWithAttachments_GivenBackWithThem()
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions(), new TestTimeProvider());
        window.Append(Event("first"), _all);
        window.Append(new SocketIoPacket(Encoding.UTF8.GetBytes("51-[\"bin\",\"s1\",{\"_placeholder\":true,\"num\":0}]"), [new byte[] { 1, 2, 3 }]), To("s1"));
        window.Persist(new SocketIoSession("s1", "pid", ["s1"], null));

        var packet = Assert.Single(window.Restore("pid", "1")?.MissedPackets ?? []);

        Assert.Equal("51-[\"bin\",\"s1\",{\"_placeholder\":true,\"num\":0},\"2\"]", Encoding.UTF8.GetString(packet.Text.Span));
        Assert.Equal([1, 2, 3], Assert.Single(packet.Attachments).ToArray());
    }
}
