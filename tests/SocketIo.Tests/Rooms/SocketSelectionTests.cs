using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Rooms;

/// <summary>
/// Acting on a selection of sockets rather than sending to it: fetch them, make them join or leave a room, disconnect
/// them (and optionally close their connections).
/// </summary>
public sealed class SocketSelectionTests
{
    [Fact]
    public async Task FetchSocketsAsync_Selection_TheSelectedSockets()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        var (_, c) = await server.ConnectSocketAsync();
        a.Join("r");
        b.Join(["r", "x"]);

        Assert.Equal(Ids(a, b, c), Ids(await server.Io.Sockets.FetchSocketsAsync()));
        Assert.Equal(Ids(a, b), Ids(await server.Io.To("r").FetchSocketsAsync()));
        Assert.Equal(Ids(a), Ids(await server.Io.To("r").Except("x").FetchSocketsAsync()));
        Assert.Equal(Ids(c), Ids(await server.Io.Except("r").FetchSocketsAsync()));
        Assert.Same(b, Assert.Single(await server.Io.To(b.Id).FetchSocketsAsync()).Local);
    }

    [Fact]
    public async Task SocketsJoinAsync_Selection_JoinsTheRoom()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        a.Join("r");

        await server.Io.To("r").SocketsJoinAsync("vip");
        await server.Io.Sockets.SocketsJoinAsync("everyone");

        Assert.Contains("vip", a.Rooms);
        Assert.DoesNotContain("vip", b.Rooms);
        Assert.Contains("everyone", a.Rooms);
        Assert.Contains("everyone", b.Rooms);
    }

    [Fact]
    public async Task SocketsLeaveAsync_Selection_LeavesTheRoom()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        a.Join(["r", "x"]);
        b.Join("r");

        await server.Io.Except("x").SocketsLeaveAsync("r");

        Assert.Contains("r", a.Rooms);
        Assert.DoesNotContain("r", b.Rooms);
    }

    [Fact]
    public async Task DisconnectSocketsAsync_Room_ThoseSocketsDisconnectedConnectionsKept()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        socketA.Join("r");

        await server.Io.To("r").DisconnectSocketsAsync();

        Assert.Equal("1", await a.ReceiveAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await server.Sockets[socketA.Id].DisconnectReasonAsync());
        await a.SyncAsync();
        await b.AssertNothingReceivedAsync();
        Assert.True(socketB.Connected);
    }

    [Fact]
    public async Task DisconnectSocketsAsync_Close_ConnectionsClosed()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();

        await server.Io.Except(socketB.Id).DisconnectSocketsAsync(close: true);

        Assert.Equal(["41"], (await a.AssertClosedAsync()).Select(static f => f.ToString()));
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await server.Sockets[socketA.Id].DisconnectReasonAsync());
        await b.AssertNothingReceivedAsync();
        Assert.True(socketB.Connected);
    }

    private static string[] Ids(params IEnumerable<SocketIoSocket> sockets) => [.. sockets.Select(static s => s.Id).Order()];

    private static string[] Ids(IEnumerable<SocketIoRemoteSocket> sockets) => [.. sockets.Select(static s => s.Id).Order()];
}
