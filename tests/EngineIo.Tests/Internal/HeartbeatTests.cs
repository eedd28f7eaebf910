using System.Net;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Internal;

/// <summary>
/// The server pings every ping interval and closes a session whose pong is later than the ping timeout. Time is a
/// fake clock the test advances, except in the tests named RealClock.
/// </summary>
public sealed class HeartbeatTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Ping_WebSocket_SentOnePingIntervalAfterOpen()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        time.Advance(_interval - _tick);
        await AssertNothingQueuedAsync(socket, session);
        time.Advance(_tick);

        Assert.Equal("2", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Pong_WebSocket_KeepsSessionAliveOverSeveralCycles()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        for (var cycle = 0; cycle < 4; cycle++)
        {
            time.Advance(_interval);
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await PongAsync(socket, session);
            // Well past the ping timeout: the pong cleared it.
            time.Advance(_timeout);
            await AssertNothingQueuedAsync(socket, session);
            time.Advance(_interval - _timeout);
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await PongAsync(socket, session);
        }

        Assert.True(session.Socket.IsOpen);
        Assert.False(session.Closed.IsCompleted);
    }

    [Fact]
    public async Task NoPong_WebSocket_ClosedWithPingTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, sid, session) = await server.OpenWebSocketSessionAsync();
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());

        time.Advance(_timeout - _tick);
        await AssertNothingQueuedAsync(socket, session);
        time.Advance(_tick);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.False(server.EngineServer.TryGetSession(sid, out _));
    }

    [Fact]
    public async Task Pong_RestartsPingIntervalFromThePong()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());

        time.Advance(TimeSpan.FromMilliseconds(300));
        await PongAsync(socket, session);
        time.Advance(_interval - _tick);
        await AssertNothingQueuedAsync(socket, session);
        time.Advance(_tick);

        Assert.Equal("2", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task UnsolicitedPong_PostponesNextPing()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        time.Advance(TimeSpan.FromMilliseconds(600));
        await PongAsync(socket, session);
        time.Advance(_interval - _tick);
        await AssertNothingQueuedAsync(socket, session);
        time.Advance(_tick);

        Assert.Equal("2", await socket.ReceiveTextAsync());
        Assert.True(session.Socket.IsOpen);
    }

    /// <summary>
    /// As the reference since engine.io 6.6.13: a packet other than the pong, received while the pong is awaited, shows
    /// the client is alive (its pong perhaps behind a large message on a slow link) and extends the deadline by one ping
    /// timeout, once.
    /// </summary>
    [Fact]
    public async Task MessageWhileAwaitingPong_DeadlineExtendedOnce()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());

        await socket.SendTextAsync("4busy");
        Assert.Equal("busy", (await session.NextMessageAsync()).Text);
        time.Advance(_timeout);
        await AssertNothingQueuedAsync(socket, session);
        Assert.False(session.Closed.IsCompleted);

        // Still no pong: another message does not extend it again.
        await socket.SendTextAsync("4still busy");
        Assert.Equal("still busy", (await session.NextMessageAsync()).Text);
        time.Advance(_timeout - _tick);
        await AssertNothingQueuedAsync(socket, session);
        time.Advance(_tick);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task MessageWhileAwaitingPong_ThenThePong_SessionGoesOnAsUsual()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("4busy");
        Assert.Equal("busy", (await session.NextMessageAsync()).Text);
        time.Advance(_timeout);

        await PongAsync(socket, session);
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());

        // The next ping's deadline is its own: no message this time, so no extension.
        time.Advance(_timeout);
        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task MessageBeforeThePing_DoesNotExtendItsDeadline()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        await socket.SendTextAsync("4early");
        Assert.Equal("early", (await session.NextMessageAsync()).Text);
        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());

        time.Advance(_timeout);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task MessageWhileAwaitingPong_Polling_DeadlineExtendedOnce()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        time.Advance(_interval);
        using (var ping = await server.GetAsync(sid))
        {
            Assert.Equal("2", await ping.Content.ReadAsStringAsync());
        }

        using (var post = await server.PostAsync(sid, "4busy"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        time.Advance(_timeout);
        Assert.False(session.Closed.IsCompleted);
        time.Advance(_timeout);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Ping_Polling_DeliveredToPendingGet()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, _) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        time.Advance(_interval);
        using var response = await poll.DefaultTimeout();

        Assert.Equal("2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pong_Polling_KeepsSessionAliveOverSeveralCycles()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();

        for (var cycle = 0; cycle < 4; cycle++)
        {
            time.Advance(_interval);
            using var ping = await server.GetAsync(sid);
            Assert.Equal("2", await ping.Content.ReadAsStringAsync());
            // The ok comes after the pong is processed.
            using var pong = await server.PostAsync(sid, "3");
            Assert.Equal("ok", await pong.Content.ReadAsStringAsync());
            time.Advance(_timeout);
            Assert.True(session.Socket.IsOpen);
            time.Advance(_interval - _timeout - _tick);
            session.Socket.Send("marker"u8.ToArray());
            using var marker = await server.GetAsync(sid);
            Assert.Equal("4marker", await marker.Content.ReadAsStringAsync());
            time.Advance(_tick);
            using var nextPing = await server.GetAsync(sid);
            Assert.Equal("2", await nextPing.Content.ReadAsStringAsync());
            using var nextPong = await server.PostAsync(sid, "3");
        }

        Assert.False(session.Closed.IsCompleted);
    }

    [Fact]
    public async Task NoPong_Polling_ClosedWithPingTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        time.Advance(_interval);
        using var ping = await server.GetAsync(sid);
        Assert.Equal("2", await ping.Content.ReadAsStringAsync());

        time.Advance(_timeout);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoPong_Polling_PendingGetGetsClosePacket()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        time.Advance(_interval);
        using var ping = await server.GetAsync(sid);
        Assert.Equal("2", await ping.Content.ReadAsStringAsync());
        var poll = await server.BeginGetAsync(sid);

        time.Advance(_timeout);

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        using var response = await poll.DefaultTimeout();
        Assert.Equal("1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoPong_RequestAfterDeadlineBeforeTimerRuns_SeesSessionClosed()
    {
        // Timers run 50 ms late: a request can arrive after the pong deadline, before the timer that enforces it.
        var time = new TestTimeProvider { TimerSkew = TimeSpan.FromMilliseconds(50) };
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        time.Advance(_interval + TimeSpan.FromMilliseconds(50));
        using var ping = await server.GetAsync(sid);
        Assert.Equal("2", await ping.Content.ReadAsStringAsync());

        // The pong deadline (counted from when the ping was due) has passed; its timer has not run.
        time.Advance(_timeout - TimeSpan.FromMilliseconds(50) + TimeSpan.FromMilliseconds(10));
        Assert.False(session.Closed.IsCompleted);
        using var late = await server.PostAsync(sid, "3");

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", await late.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task NoPong_RealClock_WebSocketClosedWithPingTimeout()
    {
        await using var server = await EngineIoTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(200);
            options.PingTimeout = TimeSpan.FromMilliseconds(100);
        });
        var socket = await server.ConnectWebSocketAsync();
        var open = OpenPacket.Parse(await socket.ReceiveTextAsync());
        var session = await server.Handler.SessionAsync(open.Sid);

        Assert.Equal((200, 100), (open.PingInterval, open.PingTimeout));
        Assert.Equal("2", await socket.ReceiveTextAsync());
        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
    }

    [Fact]
    public async Task NoPong_RealClock_PollingClosedWithPingTimeout()
    {
        await using var server = await EngineIoTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(200);
            options.PingTimeout = TimeSpan.FromMilliseconds(100);
        });
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var ping = await server.GetAsync(sid);
        Assert.Equal("2", await ping.Content.ReadAsStringAsync());

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
    }

    /// <summary>
    /// A polling client that sent its close packet with no GET pending keeps its sid known for one ping timeout, for a
    /// GET racing the close; then the sid is forgotten without any request.
    /// </summary>
    [Fact]
    public async Task ClosePacket_PollingNoGetPending_SidForgottenOnePingTimeoutLater()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var post = await server.PostAsync(sid, "1");
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        time.Advance(_timeout - _tick);
        Assert.Equal(1, server.EngineServer.SessionCount);
        time.Advance(_tick);

        Assert.Equal(0, server.EngineServer.SessionCount);
        using var poll = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
        Assert.Empty(server.Handler.Violations);
    }

    [Fact]
    public async Task Send_WebSocket_FirstRingGoneOnceDrained_LaterOnesWhenAPingFindsThemEmpty()
    {
        // A connection's first packets need a ring only until they are written; a later ring stays until a ping finds
        // it empty; a ping needs none.
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (socket, sid, session) = await server.OpenWebSocketSessionAsync();
        Assert.True(server.EngineServer.TryGetSession(sid, out var engineSession));
        EngineIoMessage[] two = [new("a"u8.ToArray(), isBinary: false), new("b"u8.ToArray(), isBinary: false)];
        Assert.True(session.Socket.Send(two));
        Assert.Equal("4a", await socket.ReceiveTextAsync());
        Assert.Equal("4b", await socket.ReceiveTextAsync());
        await PongAsync(socket, session);
        Assert.False(engineSession.HoldsOutboundRing);

        Assert.True(session.Socket.Send("hello"u8.ToArray()));
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
        Assert.True(engineSession.HoldsOutboundRing);

        for (var cycle = 0; cycle < 3; cycle++)
        {
            time.Advance(_interval);
            Assert.Equal("2", await socket.ReceiveTextAsync());
            Assert.False(engineSession.HoldsOutboundRing);
            await PongAsync(socket, session);
        }

        await AssertNothingQueuedAsync(socket, session);
        Assert.True(engineSession.HoldsOutboundRing);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Ping_Polling_PacketsQueued_PingSentAfterThemAndTheRingKept()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        Assert.True(server.EngineServer.TryGetSession(sid, out var engineSession));
        Assert.True(session.Socket.Send("a"u8.ToArray()));
        Assert.True(session.Socket.Send("b"u8.ToArray()));

        time.Advance(_interval);
        Assert.True(engineSession.HoldsOutboundRing);
        using var response = await server.GetAsync(sid);

        Assert.Equal("4a\u001e4b\u001e2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ping_Polling_CloseQueued_PingFirstThenTheCloseAlone()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        Assert.True(server.EngineServer.TryGetSession(sid, out var engineSession));

        time.Advance(_interval);
        session.Socket.Close();
        using var first = await server.GetAsync(sid);
        using var second = await server.GetAsync(sid);

        Assert.Equal("2", await first.Content.ReadAsStringAsync());
        Assert.Equal("1", await second.Content.ReadAsStringAsync());
    }

    private static Task<EngineIoTestServer> StartAsync(TestTimeProvider time) => EngineIoTestServer.StartAsync(
        options =>
        {
            options.PingInterval = _interval;
            options.PingTimeout = _timeout;
        },
        time);

    /// <summary>Answers a ping and waits until the server has processed the pong (packets are handled in order).</summary>
    private static async Task PongAsync(TestWebSocket socket, SessionRecord session)
    {
        await socket.SendTextAsync("3");
        await socket.SendTextAsync("4after-pong");
        Assert.Equal("after-pong", (await session.NextMessageAsync()).Text);
    }

    /// <summary>Proves that nothing (no ping) was queued so far: a message queued now is the next frame.</summary>
    private static async Task AssertNothingQueuedAsync(TestWebSocket socket, SessionRecord session)
    {
        Assert.True(session.Socket.Send("marker"u8.ToArray()));
        Assert.Equal("4marker", await socket.ReceiveTextAsync());
    }
}
