using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Namespaces;

/// <summary>
/// CONNECT (<c>0[/nsp,][auth]</c>): the answer <c>0[/nsp,]{"sid":…}</c> with a fresh id per namespace socket,
/// CONNECT_ERROR for an unknown namespace, the auth payload in the handshake, several namespaces on one connection.
/// </summary>
public sealed class NamespaceConnectTests
{
    [Fact]
    public async Task Connect_MainNamespace_AnswersSidThatIsNotTheEngineSid()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var client = await server.ConnectAsync();

        await client.SendAsync("0");
        var answer = await client.ReceiveAsync();

        Assert.Matches("""^0\{"sid":"[A-Za-z0-9_-]{20}"\}$""", answer);
        var sid = JsonDocument.Parse(answer[1..]).RootElement.GetProperty("sid").GetString()!;
        Assert.NotEqual(client.EngineId, sid);
        var socket = server.Sockets[sid].Socket;
        Assert.Equal(sid, socket.Id);
        Assert.Same(server.Io.Sockets, socket.Namespace);
        Assert.Equal("/", socket.Namespace.Name);
        Assert.True(socket.Connected);
        Assert.Same(socket, server.Io.Sockets.Sockets[sid]);
    }

    [Fact]
    public async Task Connect_CustomNamespace_AnswerCarriesNamespaceAndComma()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/chat"));
        var client = await server.ConnectAsync();

        await client.SendAsync("0/chat,");
        var answer = await client.ReceiveAsync();

        Assert.Matches("""^0/chat,\{"sid":"[A-Za-z0-9_-]{20}"\}$""", answer);
        var sid = JsonDocument.Parse(answer["0/chat,".Length..]).RootElement.GetProperty("sid").GetString()!;
        Assert.Equal("/chat", server.Sockets[sid].Socket.Namespace.Name);
        Assert.Empty(server.Io.Sockets.Sockets);
    }

    [Fact]
    public async Task Connect_NamespaceWithoutTrailingComma_Accepted()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/chat"));
        var client = await server.ConnectAsync();

        await client.SendAsync("0/chat");

        Assert.Matches("""^0/chat,\{"sid":"[A-Za-z0-9_-]{20}"\}$""", await client.ReceiveAsync());
    }

    [Theory]
    [InlineData("0/x,", """4/x,{"message":"Invalid namespace"}""")]
    [InlineData("0/random", """4/random,{"message":"Invalid namespace"}""")]
    [InlineData("""0/x,{"token":"abc"}""", """4/x,{"message":"Invalid namespace"}""")]
    public async Task Connect_UnknownNamespace_ConnectErrorAndConnectionStaysOpen(string connect, string expected)
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var client = await server.ConnectAsync();

        await client.SendAsync(connect);

        Assert.Equal(expected, await client.ReceiveAsync());
        // The connection is still usable: a later CONNECT succeeds.
        await client.ConnectNamespaceAsync("/");
    }

    [Fact]
    public async Task Connect_WithoutAuth_AuthIsEmptyObject()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var (_, socket) = await server.ConnectSocketAsync();

        Assert.Equal(JsonValueKind.Object, socket.Handshake.Auth.ValueKind);
        Assert.Equal("{}", socket.Handshake.Auth.GetRawText());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/chat")]
    public async Task Connect_WithAuth_AuthInHandshake(string nsp)
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/chat"));

        var (_, socket) = await server.ConnectSocketAsync(nsp, """{"token":"abc","n":1}""");

        Assert.Equal("abc", socket.Handshake.Auth.GetProperty("token").GetString());
        Assert.Equal(1, socket.Handshake.Auth.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Connect_Handshake_DescribesTheFirstRequest()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var (_, socket) = await server.ConnectSocketAsync();

        Assert.Equal("4", socket.Handshake.Query["EIO"]);
        Assert.Equal("websocket", socket.Handshake.Query["transport"]);
        Assert.StartsWith(SocketIoTestServer.Path + "/", socket.Handshake.Url);
        Assert.Equal("127.0.0.1", socket.Handshake.Address);
        Assert.False(socket.Handshake.Secure);
        Assert.Equal(EngineIo.EngineIoTransports.WebSocket, socket.Transport);
    }

    [Fact]
    public async Task Connect_OnConnectionHandler_RunsAfterTheAnswerIsSent()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Sockets.OnConnection(static socket => socket.EmitAsync("welcome", socket.Id)));
        var client = await server.ConnectAsync();

        var sid = await client.ConnectNamespaceAsync();

        Assert.Equal($$"""2["welcome","{{sid}}"]""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task Connect_TwoNamespaces_OneConnectionHoldsBothWithTheirOwnIds()
    {
        var received = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Sockets.OnConnection(socket => Record(socket, received));
            io.Of("/chat").OnConnection(socket => Record(socket, received));
        });
        var client = await server.ConnectAsync();

        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");
        await client.SendAsync("""2/chat,["hello"]""");
        await client.SendAsync("""2["hello"]""");
        await client.SyncAsync();

        Assert.NotEqual(mainSid, chatSid);
        Assert.Equal(["/chat", "/"], received);
        var main = server.Sockets[mainSid].Socket;
        var chat = server.Sockets[chatSid].Socket;
        await chat.EmitAsync("e", "to chat");
        await main.EmitAsync("e", "to main");
        Assert.Equal("""2/chat,["e","to chat"]""", await client.ReceiveAsync());
        Assert.Equal("""2["e","to main"]""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task Of_NameWithoutLeadingSlash_SameNamespace()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var nsp = server.Io.Of("chat");

        Assert.Equal("/chat", nsp.Name);
        Assert.Same(nsp, server.Io.Of("/chat"));
        Assert.Same(server.Io.Sockets, server.Io.Of("/"));
    }

    private static ValueTask Record(SocketIoSocket socket, ConcurrentQueue<string> received)
    {
        socket.On("hello", e =>
        {
            received.Enqueue(e.Socket.Namespace.Name);
            return default;
        });
        return default;
    }
}
