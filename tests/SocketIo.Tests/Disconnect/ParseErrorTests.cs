using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Disconnect;

/// <summary>
/// A packet that cannot be decoded closes the whole connection, without an error packet: every socket on it leaves
/// with <see cref="SocketIoDisconnectReason.ParseError"/>. Other connections are not affected.
/// </summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("2{}")]
    [InlineData("""2abc["message",1]""")]
    [InlineData("2[]")]
    [InlineData("""2["e"]trailing""")]
    [InlineData("""2["e",""")]
    [InlineData("1{}")]
    [InlineData("0[]")]
    [InlineData("""4{"message":"m"}""")]
    [InlineData("""5["e"]""")]
    [InlineData("""31{}""")]
    public async Task UndecodablePacket_ConnectionClosedWithParseError(string packet)
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");

        await client.SendAsync(packet);

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[mainSid].DisconnectReasonAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[chatSid].DisconnectReasonAsync());
        await server.Logs.WaitForAsync("ParseError");
    }

    /// <summary>The reference decoder refuses events named like the client library's own (socket.io-parser RESERVED_EVENTS).</summary>
    [Theory]
    [InlineData("""2["disconnect"]""")]
    [InlineData("""21["connect",1]""")]
    [InlineData("""2["newListener"]""")]
    [InlineData("""51-["disconnecting",{"_placeholder":true,"num":0}]""")]
    public async Task ReservedEventName_ConnectionClosedWithParseError(string packet)
    {
        var handled = false;
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(_ =>
        {
            handled = true;
            return default;
        });

        await client.SendAsync(packet);
        if (packet.StartsWith('5'))
        {
            await client.SendBinaryAsync([1]);
        }

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        Assert.False(handled);
    }

    /// <summary>JSON.parse refuses trailing text after the auth object, so the reference closes the connection.</summary>
    [Fact]
    public async Task ConnectWithTrailingGarbageAfterAuth_ConnectionClosed()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var client = await server.ConnectAsync();
        await client.ConnectNamespaceAsync("/");

        await client.SendAsync("""0/chat,{"a":1}garbage""");

        Assert.Empty(await client.AssertClosedAsync());
    }

    [Fact]
    public async Task UndecodablePacket_BeforeAnyNamespace_ConnectionClosed()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var client = await server.ConnectAsync();

        await client.SendAsync("abc");

        Assert.Empty(await client.AssertClosedAsync());
    }

    [Fact]
    public async Task UndecodablePacket_OtherConnectionsUnaffected()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Sockets.OnConnection(static socket =>
        {
            socket.On("ping", static e => e.Socket.EmitAsync("pong"));
            return default;
        }));
        var (bad, badSocket) = await server.ConnectSocketAsync();
        var (good, goodSocket) = await server.ConnectSocketAsync();

        await bad.SendAsync("""2abc["message",1]""");
        await bad.AssertClosedAsync();
        await server.Sockets[badSocket.Id].DisconnectedAsync();
        await good.SendAsync("""2["ping"]""");

        Assert.Equal("""2["pong"]""", await good.ReceiveAsync());
        Assert.True(goodSocket.Connected);
        Assert.Same(goodSocket, Assert.Single(server.Io.Sockets.Sockets).Value);
    }
}
