using System.Net;
using EngineIo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EngineIo.Tests.Internal;

/// <summary>
/// When the host stops, every session is closed gracefully while the server can still deliver the close: a pending
/// poll gets a close packet, a WebSocket a close frame, the handler <see cref="EngineIoDisconnectReason.ServerShutdown"/>.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StopAsync_PendingGet_GetsClosePacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        var stopping = server.StopAsync();
        using var response = await poll.DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await session.WaitClosedAsync());
        await stopping.DefaultTimeout();
    }

    [Fact]
    public async Task StopAsync_WebSocket_GetsCloseFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        var stopping = server.StopAsync();

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await session.WaitClosedAsync());
        await socket.CloseAsync();
        await stopping.DefaultTimeout();
    }

    [Fact]
    public async Task StopAsync_NewHandshakesWhileStopping_Refused()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (signalSid, signalSession) = await server.OpenPollingSessionAsync();
        var (idleSid, idleSession) = await server.OpenPollingSessionAsync();
        var signalPoll = await server.BeginGetAsync(signalSid);

        var stopping = server.StopAsync();
        // Once a session has been told, the server refuses handshakes; the idle session keeps the stop waiting.
        using (var told = await signalPoll.DefaultTimeout())
        {
            Assert.Equal("1", await told.Content.ReadAsStringAsync());
        }

        using var handshake = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        using var webSocketRequest = EngineIoTestServer.CreateWebSocketHandshakeRequest(EngineIoTestServer.Url("websocket"));
        using var webSocketHandshake = await server.Client.SendAsync(webSocketRequest).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, handshake.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webSocketHandshake.StatusCode);
        Assert.Equal(1, server.EngineServer.SessionCount);
        Assert.False(stopping.IsCompleted);
        // The idle session collects its close packet, and the stop completes.
        using var idlePoll = await server.GetAsync(idleSid);
        Assert.Equal("1", await idlePoll.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await idleSession.WaitClosedAsync());
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await signalSession.WaitClosedAsync());
        await stopping.DefaultTimeout();
    }

    /// <summary>
    /// A SIGTERM fires ApplicationStopping before the host runs any stopping phase, and other services may spend
    /// seconds in theirs (draining work) before the engine's runs. Handshakes are refused from the first moment, on
    /// every transport; the sessions already open are served on until the engine closes them.
    /// </summary>
    [Fact]
    public async Task ApplicationStopping_HandshakesRefusedBeforeTheEnginesStoppingPhase()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        // What a SIGTERM does first; the host's own stop, which would follow, is held up here as a slow service would.
        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        using var handshake = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, handshake.StatusCode);
        using var webSocketRequest = EngineIoTestServer.CreateWebSocketHandshakeRequest(EngineIoTestServer.Url("websocket"));
        using var webSocketHandshake = await server.Client.SendAsync(webSocketRequest).DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webSocketHandshake.StatusCode);
        Assert.Equal(1, server.EngineServer.SessionCount);

        using var post = await server.PostAsync(sid, "4still served");
        Assert.Equal("still served", (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task StopAsync_QueuedMessages_DeliveredBeforeClosePacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        session.Socket.Send("last words"u8.ToArray());

        var stopping = server.StopAsync();
        // The poll may come before or after the server closes the session: the message comes first either way.
        var packets = new List<string>();
        while (!packets.Contains("1") && packets.Count < 3)
        {
            using var poll = await server.GetAsync(sid);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            packets.AddRange((await poll.Content.ReadAsStringAsync()).Split('\u001e'));
        }

        Assert.Equal(["4last words", "1"], packets);
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await session.WaitClosedAsync());
        await stopping.DefaultTimeout();
    }
}
