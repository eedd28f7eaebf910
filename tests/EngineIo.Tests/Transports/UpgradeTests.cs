using System.Net;
using System.Net.WebSockets;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Transports;

/// <summary>The polling → WebSocket upgrade: probe, noop to the pending poll, switch, and the ways it can fail.</summary>
public sealed class UpgradeTests
{
    private const string BadRequest = """{"code":3,"message":"Bad request"}""";

    /// <summary>
    /// Waits for the timer that will release a poll with a noop after the probe: a short one (the reference ticks every
    /// 100 ms), as opposed to the upgrade timeout or the heartbeat.
    /// </summary>
    private static Task<TimeSpan> WaitForNoopTimerAsync(TestTimeProvider time) =>
        time.WaitForTimerAsync(static due => due > TimeSpan.Zero && due <= TimeSpan.FromMilliseconds(500), "for the upgrade noop");

    [Fact]
    public async Task Upgrade_FullDance_MessagesFlowOverWebSocket()
    {
        var time = new TestTimeProvider();
        await using var server = await EngineIoTestServer.StartAsync(timeProvider: time);
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        var socket = await server.ConnectWebSocketAsync(sid);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.Socket.HttpStatusCode);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        var noopDelay = await WaitForNoopTimerAsync(time);
        Assert.False(poll.IsCompleted);
        time.Advance(noopDelay);
        using (var released = await poll.DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
            Assert.Equal("6", await released.Content.ReadAsStringAsync());
        }

        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");

        Assert.Equal("4hello", await socket.ReceiveTextAsync());
        var message = await session.NextMessageAsync();
        Assert.Equal("hello", message.Text);
        Assert.Equal(EngineIoTransports.WebSocket, message.Transport);
        Assert.Equal(EngineIoTransports.WebSocket, session.Socket.Transport);
        Assert.True(session.Socket.IsOpen);
        session.Socket.SendBinary(new byte[] { 7, 8 });
        var binary = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 7, 8 }, binary.Data);
    }

    [Fact]
    public async Task Upgrade_PollAfterProbe_GetsNoopAfterDelay()
    {
        var time = new TestTimeProvider();
        await using var server = await EngineIoTestServer.StartAsync(timeProvider: time);
        var (sid, _) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        var poll = await server.BeginGetAsync(sid);
        var noopDelay = await WaitForNoopTimerAsync(time);
        time.Advance(noopDelay - TimeSpan.FromTicks(1));
        Assert.False(poll.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));
        using var response = await poll.DefaultTimeout();

        Assert.Equal("6", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upgrade_PollAfterProbe_RealClock_GetsNoop()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, _) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        using var poll = await server.GetAsync(sid);

        Assert.Equal("6", await poll.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Real timers count whole milliseconds of a coarser clock than the stopwatch, so a 100 ms timer can fire when the
    /// stopwatch says 99.x ms have passed. The pending poll must still be released.
    /// </summary>
    [Fact]
    public async Task Upgrade_NoopTimerFiresSlightlyEarly_PendingPollStillReleased()
    {
        var time = new TestTimeProvider { TimerSkew = TimeSpan.FromMilliseconds(-1) };
        await using var server = await EngineIoTestServer.StartAsync(timeProvider: time);
        var (sid, _) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        var noopDelay = await WaitForNoopTimerAsync(time);

        // The timer fires 1 ms before its stopwatch deadline; by the deadline the poll must have its noop.
        time.Advance(noopDelay - TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await poll.DefaultTimeout();

        Assert.Equal("6", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upgrade_MessagesQueuedDuringUpgrade_ArriveOverWebSocketInOrder()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        for (var i = 1; i <= 5; i++)
        {
            Assert.True(session.Socket.Send(System.Text.Encoding.UTF8.GetBytes($"m{i}")));
        }

        session.Socket.SendBinary(new byte[] { 6 });
        await socket.SendTextAsync("5");

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"4m{i}", await socket.ReceiveTextAsync());
        }

        Assert.Equal(new byte[] { 6 }, (await socket.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task Upgrade_WithoutProbe_Accepted()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4direct");

        Assert.Equal("4direct", await socket.ReceiveTextAsync());
        Assert.Equal(EngineIoTransports.WebSocket, (await session.NextMessageAsync()).Transport);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task PollingAfterUpgrade_Code3AndSessionUnaffected(string method)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await UpgradeAsync(server, sid);

        using var request = new HttpRequestMessage(new HttpMethod(method), EngineIoTestServer.Url(sid: sid))
        {
            Content = method == "POST" ? new StringContent("4via-polling") : null,
        };
        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(BadRequest, await response.Content.ReadAsStringAsync());
        await socket.SendTextAsync("4via-websocket");
        Assert.Equal("4via-websocket", await socket.ReceiveTextAsync());
        Assert.Equal("via-websocket", (await session.NextMessageAsync()).Text);
        Assert.False(session.TryTakeMessage(out _));
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task SecondWebSocketAfterUpgrade_ClosedWhileFirstKeepsWorking()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var first = await UpgradeAsync(server, sid);

        var second = await server.ConnectWebSocketAsync(sid);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, second.Socket.HttpStatusCode);
        await second.ReceiveCloseWithoutErrorAsync();
        await first.SendTextAsync("4still-here");
        Assert.Equal("4still-here", await first.ReceiveTextAsync());
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task SecondWebSocketDuringUpgrade_ClosedWhileFirstCompletes()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, _) = await server.OpenPollingSessionAsync();
        var first = await server.ConnectWebSocketAsync(sid);
        await first.SendTextAsync("2probe");
        Assert.Equal("3probe", await first.ReceiveTextAsync());

        var second = await server.ConnectWebSocketAsync(sid);
        await second.ReceiveCloseWithoutErrorAsync();

        await first.SendTextAsync("5");
        await first.SendTextAsync("4done");
        Assert.Equal("4done", await first.ReceiveTextAsync());
    }

    [Fact]
    public async Task UpgradeTimeout_ProbeSocketGetsCloseFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.UpgradeTimeout = TimeSpan.FromMilliseconds(200));
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        // Never send "5": the reference closes this WebSocket with a close frame (no status code).
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task UpgradeTimeout_EndsProbeSocketOnly_SessionContinuesOnPolling()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.UpgradeTimeout = TimeSpan.FromMilliseconds(200));
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        // Never send "5": the server gives up on this WebSocket (UpgradeTimeout_ProbeSocketGetsCloseFrame checks how).
        await socket.ReceiveEndAsync();

        Assert.True(session.Socket.IsOpen);
        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);
        using var post = await server.PostAsync(sid, "4after-timeout");
        using var get = await server.GetAsync(sid);
        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal("4after-timeout", await get.Content.ReadAsStringAsync());
        var message = await session.NextMessageAsync();
        Assert.Equal(EngineIoTransports.Polling, message.Transport);
    }

    [Fact]
    public async Task UpgradeTimeout_ThenNewAttempt_Succeeds()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.UpgradeTimeout = TimeSpan.FromMilliseconds(200));
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var abandoned = await server.ConnectWebSocketAsync(sid);
        await abandoned.SendTextAsync("2probe");
        Assert.Equal("3probe", await abandoned.ReceiveTextAsync());
        await abandoned.ReceiveEndAsync();

        var socket = await UpgradeAsync(server, sid);

        await socket.SendTextAsync("4second-try");
        Assert.Equal("4second-try", await socket.ReceiveTextAsync());
        Assert.Equal(EngineIoTransports.WebSocket, session.Socket.Transport);
    }

    [Theory]
    [InlineData("4hello")]
    [InlineData("3probe")]
    [InlineData("2")]
    [InlineData("abc")]
    public async Task Upgrade_FirstPacketNotProbe_AbortsUpgradeSessionStaysOnPolling(string packet)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);

        await socket.SendTextAsync(packet);

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.True(session.Socket.IsOpen);
        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);
        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
        using var post = await server.PostAsync(sid, "4polling");
        using var get = await server.GetAsync(sid);
        Assert.Equal("4polling", await get.Content.ReadAsStringAsync());
        Assert.Equal(("polling", EngineIoTransports.Polling), ((await session.NextMessageAsync()).Text, session.Socket.Transport));
        // The failed attempt does not stop a later one.
        var retry = await UpgradeAsync(server, sid);
        await retry.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", await retry.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_ProbeSocketClosedByClient_SessionStaysOnPolling()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        await socket.CloseAsync();

        using var post = await server.PostAsync(sid, "4still-polling");
        using var get = await server.GetAsync(sid);
        Assert.Equal("4still-polling", await get.Content.ReadAsStringAsync());
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Upgrade_SessionClosedDuringProbe_ProbeSocketDropped()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        using var post = await server.PostAsync(sid, "1");

        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        // The candidate WebSocket ends with the session (the server aborts it rather than closing it).
        await socket.ReceiveEndAsync();
    }

    [Fact]
    public async Task Upgrade_NotAllowed_WebSocketClosedSessionStaysOnPolling()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowUpgrades = false);
        var (sid, session) = await server.OpenPollingSessionAsync();

        var socket = await server.ConnectWebSocketAsync(sid);

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task WebSocketUpgradeRequest_NamingPolling_ClosedAtOnce()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var client = new ClientWebSocket();
        using var socket = new TestWebSocket(client);
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws" }.Uri;

        await client.ConnectAsync(new Uri(uri, EngineIoTestServer.Url("polling", sid)), CancellationToken.None).DefaultTimeout();

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.True(session.Socket.IsOpen);
    }

    /// <summary>Runs the whole upgrade with no poll pending and returns the WebSocket that now carries the session.</summary>
    private static async Task<TestWebSocket> UpgradeAsync(EngineIoTestServer server, string sid)
    {
        var socket = await server.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");
        // A round trip proves the switch happened (the handler echoes).
        await socket.SendTextAsync("4upgrade-check");
        Assert.Equal("4upgrade-check", await socket.ReceiveTextAsync());
        var session = await server.Handler.SessionAsync(sid);
        var check = await session.NextMessageAsync();
        Assert.Equal(("upgrade-check", EngineIoTransports.WebSocket), (check.Text, check.Transport));
        return socket;
    }
}
