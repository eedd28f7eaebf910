using System.Net;
using static EngineIo.Tests.ProtocolV3.EngineIoV3Server;

namespace EngineIo.Tests.ProtocolV3;

/// <summary>
/// Protocol v3's heartbeat runs the other way: the client pings, the server answers with a pong, and a session whose
/// client sends nothing for the ping interval and the ping timeout is closed with "ping timeout". Fake clock.
/// </summary>
public sealed class HeartbeatV3Tests
{
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan _deadline = Interval + PingTimeout;

    [Fact]
    public async Task Polling_ClientPingsAnswered_NoServerPingsAndTimeoutWithoutPings()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session, _) = await OpenAsync(server);

        time.Advance(_deadline - _tick);
        using (var ping = await PostAsync(server, sid, "1:2"))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        using (var pong = await GetAsync(server, sid))
        {
            // A pong, and no ping of the server's in all that time.
            Assert.Equal("1:3", await pong.Content.ReadAsStringAsync());
        }

        time.Advance(_deadline - _tick);
        Assert.True(session.Socket.IsOpen);
        time.Advance(_tick);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        using var after = await GetAsync(server, sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task Polling_OtherPacketsSinceTheLastPing_DeadlineExtendedUntilTheyStop()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session, _) = await OpenAsync(server);

        using (var message = await PostAsync(server, sid, "5:4busy"))
        {
            Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        }

        Assert.Equal("busy", (await session.NextMessageAsync()).Text);
        time.Advance(_deadline);
        Assert.True(session.Socket.IsOpen);
        time.Advance(_deadline - _tick);
        Assert.True(session.Socket.IsOpen);
        time.Advance(_tick);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Polling_PongFromAV3Client_ClosesWithTransportError()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server);

        using var post = await PostAsync(server, sid, "1:3");

        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task V4SessionOnAServerThatAllowsV3_StillPingedByTheServer()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        time.Advance(Interval);

        Assert.Equal("2", await socket.ReceiveTextAsync());
        Assert.Equal(4, session.Socket.Protocol);
    }
}
