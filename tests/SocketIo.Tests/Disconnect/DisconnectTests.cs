using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Disconnect;

/// <summary>
/// Why and how a socket leaves: <see cref="SocketIoSocket.Disconnecting"/> (still in its rooms) then
/// <see cref="SocketIoSocket.Disconnected"/>, once each, with the reason; what goes on the wire for each cause.
/// </summary>
public sealed class DisconnectTests
{
    [Fact]
    public async Task ClientDisconnect_ClientNamespaceDisconnect_NothingSentConnectionKept()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.Join("r");

        await client.SendAsync("1");

        var tracked = server.Sockets[socket.Id];
        var disconnecting = await tracked.DisconnectingAsync();
        var disconnected = await tracked.DisconnectedAsync();
        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, disconnecting.Reason);
        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, disconnected.Reason);
        Assert.True(disconnecting.Sequence < disconnected.Sequence);
        Assert.Equal(new[] { socket.Id, "r" }.Order(), disconnecting.Rooms.Order());
        Assert.True(disconnecting.InNamespace);
        Assert.Empty(disconnected.Rooms);
        Assert.False(disconnected.InNamespace);
        Assert.False(socket.Connected);
        await client.AssertNothingReceivedAsync();
        Assert.Equal(1, tracked.DisconnectingCount);
        Assert.Equal(1, tracked.DisconnectedCount);
    }

    [Fact]
    public async Task ClientDisconnect_CustomNamespace_OtherNamespaceOfTheConnectionKept()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");

        await client.SendAsync("1/chat,");

        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, await server.Sockets[chatSid].DisconnectReasonAsync());
        await client.SyncAsync();
        Assert.True(server.Sockets[mainSid].Socket.Connected);
        Assert.Empty(server.Io.Of("/chat").Sockets);
    }

    [Theory]
    [InlineData("/", "1")]
    [InlineData("/chat", "1/chat,")]
    public async Task DisconnectAsync_SendsDisconnectPacket_ServerNamespaceDisconnect(string nsp, string expected)
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (client, socket) = await server.ConnectSocketAsync(nsp);
        var tracked = server.Sockets[socket.Id];

        await socket.DisconnectAsync();

        Assert.Equal(expected, await client.ReceiveAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await tracked.DisconnectReasonAsync());
        Assert.True((await tracked.DisconnectingAsync()).Sequence < (await tracked.DisconnectedAsync()).Sequence);
        Assert.False(socket.Connected);
        // The connection stays open: the client may join again.
        await client.SyncAsync();
        await client.ConnectNamespaceAsync(nsp);
    }

    [Fact]
    public async Task DisconnectAsync_Twice_EventsRaisedOnce()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await socket.DisconnectAsync();
        await socket.DisconnectAsync();

        Assert.Equal("1", await client.ReceiveAsync());
        await client.AssertNothingReceivedAsync();
        Assert.Equal(1, server.Sockets[socket.Id].DisconnectingCount);
        Assert.Equal(1, server.Sockets[socket.Id].DisconnectedCount);
    }

    /// <summary>
    /// As the reference's <c>disconnect(true)</c>: every socket of the connection is disconnected (a DISCONNECT for each
    /// namespace, reason "server namespace disconnect"), then the connection is closed.
    /// </summary>
    [Fact]
    public async Task DisconnectAsync_Close_DisconnectsEverySocketThenClosesTheConnection()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");

        await server.Sockets[chatSid].Socket.DisconnectAsync(close: true);

        Assert.Equal(["41", "41/chat,"], (await client.AssertClosedAsync()).Select(static f => f.ToString()).Order());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await server.Sockets[mainSid].DisconnectReasonAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await server.Sockets[chatSid].DisconnectReasonAsync());
    }

    [Fact]
    public async Task ClientClosesWebSocket_TransportClose()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.CloseAsync();

        Assert.Equal(SocketIoDisconnectReason.TransportClose, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    [Fact]
    public async Task ClientDropsConnection_TransportClose()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");

        client.Abort();

        Assert.Equal(SocketIoDisconnectReason.TransportClose, await server.Sockets[mainSid].DisconnectReasonAsync());
        Assert.Equal(SocketIoDisconnectReason.TransportClose, await server.Sockets[chatSid].DisconnectReasonAsync());
    }

    [Fact]
    public async Task NoPong_PingTimeout()
    {
        var time = new TestTimeProvider();
        var pingInterval = TimeSpan.FromSeconds(1);
        var pingTimeout = TimeSpan.FromMilliseconds(500);
        await using var server = await SocketIoTestServer.StartAsync(
            engine: o =>
            {
                o.PingInterval = pingInterval;
                o.PingTimeout = pingTimeout;
            },
            timeProvider: time);
        var client = await server.ConnectAsync(answerPings: false);
        var sid = await client.ConnectNamespaceAsync();

        time.Advance(pingInterval);
        Assert.Equal("2", (await client.ReceiveFrameAsync()).Text);
        time.Advance(pingTimeout);

        Assert.Equal(SocketIoDisconnectReason.PingTimeout, await server.Sockets[sid].DisconnectReasonAsync());
    }

    [Fact]
    public async Task Pong_KeepsTheSocketPastThePingTimeout()
    {
        var time = new TestTimeProvider();
        var pingInterval = TimeSpan.FromSeconds(1);
        var pingTimeout = TimeSpan.FromMilliseconds(500);
        await using var server = await SocketIoTestServer.StartAsync(
            engine: o =>
            {
                o.PingInterval = pingInterval;
                o.PingTimeout = pingTimeout;
            },
            timeProvider: time);
        var client = await server.ConnectAsync(answerPings: false);
        var sid = await client.ConnectNamespaceAsync();

        time.Advance(pingInterval);
        Assert.Equal("2", (await client.ReceiveFrameAsync()).Text);
        await client.SendFrameAsync("3");
        await client.SyncAsync();
        time.Advance(pingTimeout);

        await client.SyncAsync();
        Assert.True(server.Sockets[sid].Socket.Connected);
    }

    [Fact]
    public async Task HostStops_ServerShuttingDown_NoDisconnectPacket()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");

        var stopping = server.StopAsync();

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerShuttingDown, await server.Sockets[mainSid].DisconnectReasonAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerShuttingDown, await server.Sockets[chatSid].DisconnectReasonAsync());
        await stopping;
    }

    [Fact]
    public async Task EmitAsync_AfterDisconnect_NothingSent()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        await client.SendAsync("1");
        await server.Sockets[socket.Id].DisconnectedAsync();

        await socket.EmitAsync("too late");

        await client.AssertNothingReceivedAsync();
    }
}
