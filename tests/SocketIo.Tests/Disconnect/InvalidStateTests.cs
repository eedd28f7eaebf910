using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Disconnect;

/// <summary>
/// Packets that are well formed but make no sense in the connection's state close it, as in the reference ("invalid
/// state", client.ts <c>ondecoded</c>): an event or ack for a namespace not joined, and a second CONNECT to a joined
/// one. A DISCONNECT for a namespace not joined is ignored (the server may have disconnected it meanwhile).
/// </summary>
public sealed class InvalidStateTests
{
    [Theory]
    [InlineData("""2/chat,["e"]""")]
    [InlineData("""2/chat,1["e"]""")]
    [InlineData("""3/chat,0[]""")]
    public async Task PacketForNamespaceNotJoined_ConnectionClosed(string packet)
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync(packet);

        await client.AssertClosedAsync();
        await server.Sockets[socket.Id].DisconnectedAsync();
    }

    [Fact]
    public async Task EventAfterLeavingNamespace_ConnectionClosed()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("1");
        await client.SendAsync("""2["message",1]""");

        await client.AssertClosedAsync();
    }

    [Fact]
    public async Task DisconnectForNamespaceNotJoined_Ignored()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("1/chat,");

        await client.AssertNothingReceivedAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task SecondConnectToJoinedNamespace_ConnectionClosed()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("0");

        await client.AssertClosedAsync();
        await server.Sockets[socket.Id].DisconnectedAsync();
    }
}
