using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Rooms;

/// <summary>Rooms of a socket: its own id from the start, joins and leaves, per namespace, gone when it disconnects.</summary>
public sealed class RoomTests
{
    [Fact]
    public async Task Rooms_AfterConnect_OnlyItsOwnId()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var (_, socket) = await server.ConnectSocketAsync();

        Assert.Equal([socket.Id], socket.Rooms);
    }

    [Fact]
    public async Task Join_OneAndSeveral_AllInRooms()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (_, socket) = await server.ConnectSocketAsync();

        socket.Join("a");
        socket.Join(["b", "c", "a"]);

        Assert.Equal(new[] { socket.Id, "a", "b", "c" }.Order(), socket.Rooms.Order());
    }

    [Fact]
    public async Task Leave_Room_NoLongerInItNorReached()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.Join(["a", "b"]);

        socket.Leave("a");
        socket.Leave("never joined");
        await server.Io.To("a").EmitAsync("to a");

        Assert.Equal(new[] { socket.Id, "b" }.Order(), socket.Rooms.Order());
        await client.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Join_SameRoomNameInTwoNamespaces_RoomsAreSeparate()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (main, mainSocket) = await server.ConnectSocketAsync();
        var (chat, chatSocket) = await server.ConnectSocketAsync("/chat");
        mainSocket.Join("r");

        await server.Io.Of("/chat").To("r").EmitAsync("chat r");
        await server.Io.To("r").EmitAsync("main r");

        Assert.Equal("""2["main r"]""", await main.ReceiveAsync());
        await chat.AssertNothingReceivedAsync();
        Assert.DoesNotContain("r", chatSocket.Rooms);
    }

    [Fact]
    public async Task Disconnect_SocketLeavesEveryRoom()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.Join(["a", "b"]);

        await client.SendAsync("1");
        await server.Sockets[socket.Id].DisconnectedAsync();

        Assert.Empty(socket.Rooms);
        Assert.Empty(server.Io.Sockets.Adapter.Sockets(new HashSet<string> { "a", "b", socket.Id }));
    }
}
