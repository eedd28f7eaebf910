using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapters;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Adapters;

/// <summary>
/// The <see cref="ISocketIoAdapter"/> contract, checked through real sockets of a real server whose namespaces get
/// their adapter from the factory under test. An adapter implementation (in memory, Redis, …) inherits this class
/// and supplies <see cref="CreateAdapterFactory"/> and <see cref="GetRoomNames"/>; every test here then runs for it.
/// </summary>
public abstract class SocketIoAdapterSpecificationTests
{
    private static readonly TimeSpan _ackTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ISocketIoAdapter> _created = new(StringComparer.Ordinal);

    /// <summary>Creates the factory under test, once per server, from the server's services.</summary>
    protected abstract ISocketIoAdapterFactory CreateAdapterFactory(IServiceProvider services);

    /// <summary>The rooms the adapter keeps right now (to check that emptied rooms are dropped, not leaked).</summary>
    protected abstract IReadOnlyCollection<string> GetRoomNames(ISocketIoAdapter adapter);

    /// <summary>
    /// Starts a server using the factory under test, registered before <c>AddSocketIo</c> (which only adds its
    /// default if none is). Override to register what the adapter needs.
    /// </summary>
    protected virtual Task<SocketIoTestServer> StartServerAsync(Action<ISocketIoServer>? configure = null) =>
        SocketIoTestServer.StartAsync(
            configure,
            services: services => services.AddSingleton<ISocketIoAdapterFactory>(provider => new RecordingFactory(CreateAdapterFactory(provider), _created)));

    [Fact]
    public async Task Factory_EveryNamespace_UsesTheAdapterItCreated()
    {
        await using var server = await StartServerAsync(static io => io.Of("/chat"));

        Assert.Same(_created["/"], server.Io.Sockets.Adapter);
        Assert.Same(_created["/chat"], server.Io.Of("/chat").Adapter);
        Assert.NotSame(server.Io.Sockets.Adapter, server.Io.Of("/chat").Adapter);
        Assert.True(await server.Io.Sockets.Adapter.ServerCountAsync() >= 1);
    }

    [Fact]
    public async Task SocketRooms_NewSocket_OnlyItsOwnId()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();

        Assert.Equal([socket.Id], Adapter(server).SocketRooms(socket.Id));
        Assert.Contains(socket.Id, GetRoomNames(Adapter(server)));
    }

    [Fact]
    public async Task AddAll_Rooms_SocketInEachOnce()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);

        adapter.AddAll(socket.Id, ["a", "b"]);
        adapter.AddAll(socket.Id, ["b", "c"]);

        Assert.Equal(Sorted(socket.Id, "a", "b", "c"), Sorted(adapter.SocketRooms(socket.Id)));
        Assert.Equal([socket.Id], adapter.Sockets(Set("b")));
    }

    [Fact]
    public async Task Del_OneRoom_OthersKept()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var (_, other) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socket.Id, ["a", "b"]);
        adapter.AddAll(other.Id, ["a"]);

        adapter.Del(socket.Id, "a");
        adapter.Del(socket.Id, "never joined");

        Assert.Equal(Sorted(socket.Id, "b"), Sorted(adapter.SocketRooms(socket.Id)));
        Assert.Equal([other.Id], adapter.Sockets(Set("a")));
    }

    [Fact]
    public async Task OwnRoom_LeftAndRejoined_LikeAnyRoom()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);

        adapter.Del(socket.Id, socket.Id);
        Assert.Empty(adapter.SocketRooms(socket.Id));
        Assert.Empty(adapter.Sockets(Set(socket.Id)));
        Assert.DoesNotContain(socket.Id, GetRoomNames(adapter));

        adapter.AddAll(socket.Id, [socket.Id]);
        Assert.Equal([socket.Id], adapter.SocketRooms(socket.Id));
        Assert.Equal([socket.Id], adapter.Sockets(Set(socket.Id)));
    }

    [Fact]
    public async Task OwnRoom_OtherSocketJoinsIt_BothAreMembers()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var (_, other) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);

        adapter.AddAll(other.Id, [socket.Id]);

        Assert.Equal(Sorted(socket.Id, other.Id), Sorted(adapter.Sockets(Set(socket.Id))));
        Assert.Equal(Sorted(socket.Id, other.Id), Sorted(adapter.Sockets(Set(socket.Id, other.Id))));
        Assert.Equal(Sorted(other.Id, socket.Id), Sorted(adapter.SocketRooms(other.Id)));

        adapter.DelAll(socket.Id);
        Assert.Equal([other.Id], adapter.Sockets(Set(socket.Id)));
        Assert.Contains(socket.Id, GetRoomNames(adapter));
    }

    [Fact]
    public async Task Del_LastMember_RoomDropped()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socket.Id, ["a"]);
        Assert.Contains("a", GetRoomNames(adapter));

        adapter.Del(socket.Id, "a");

        Assert.DoesNotContain("a", GetRoomNames(adapter));
        Assert.Empty(adapter.Sockets(Set("a")));
    }

    [Fact]
    public async Task DelAll_EveryRoomLeftAndEmptiedRoomsDropped()
    {
        await using var server = await StartServerAsync();
        var (_, socket) = await server.ConnectSocketAsync();
        var (_, other) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socket.Id, ["a", "shared"]);
        adapter.AddAll(other.Id, ["shared"]);

        adapter.DelAll(socket.Id);

        Assert.Empty(adapter.SocketRooms(socket.Id));
        var rooms = GetRoomNames(adapter);
        Assert.DoesNotContain("a", rooms);
        Assert.DoesNotContain(socket.Id, rooms);
        Assert.Contains("shared", rooms);
        Assert.Equal([other.Id], adapter.Sockets(Set("shared")));
    }

    [Fact]
    public async Task SocketDisconnects_RemovedFromEveryRoom()
    {
        await using var server = await StartServerAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socket.Id, ["a"]);

        await client.SendAsync("1");
        await server.Sockets[socket.Id].DisconnectedAsync();

        Assert.Empty(adapter.SocketRooms(socket.Id));
        Assert.Empty(adapter.Sockets(Set()));
        Assert.Empty(GetRoomNames(adapter));
    }

    [Fact]
    public async Task Sockets_NoRooms_EverySocket_Rooms_UnionOnce()
    {
        await using var server = await StartServerAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        var (_, c) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(a.Id, ["r1", "r2"]);
        adapter.AddAll(b.Id, ["r2"]);

        Assert.Equal(Sorted(a.Id, b.Id, c.Id), Sorted(adapter.Sockets(Set())));
        Assert.Equal(Sorted(a.Id, b.Id), Sorted(adapter.Sockets(Set("r1", "r2"))));
        Assert.Empty(adapter.Sockets(Set("nobody")));
    }

    [Fact]
    public async Task Broadcast_Rooms_EachMemberOnceOthersNothing()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socketA.Id, ["r1", "r2"]);
        adapter.AddAll(socketB.Id, ["r2"]);

        adapter.Broadcast(Packet("""2["e",1]"""), Select(["r1", "r2"]));

        Assert.Equal("""2["e",1]""", await a.ReceiveAsync());
        Assert.Equal("""2["e",1]""", await b.ReceiveAsync());
        await a.AssertNothingReceivedAsync();
        await b.AssertNothingReceivedAsync();
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Broadcast_NoRoomsWithExcept_EveryoneOutsideTheExceptedRooms()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        Adapter(server).AddAll(socketA.Id, ["x"]);

        Adapter(server).Broadcast(Packet("""2["e"]"""), Select([], ["x", socketB.Id]));

        await a.AssertNothingReceivedAsync();
        await b.AssertNothingReceivedAsync();
        Assert.Equal("""2["e"]""", await c.ReceiveAsync());
    }

    [Fact]
    public async Task Broadcast_RoomsAndExcept_MembersNotExcepted()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(socketA.Id, ["r"]);
        adapter.AddAll(socketB.Id, ["r", "x"]);

        adapter.Broadcast(Packet("""2["e"]"""), Select(["r"], ["x"]));

        Assert.Equal("""2["e"]""", await a.ReceiveAsync());
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Broadcast_PacketWithAttachments_TextThenEachAttachment()
    {
        await using var server = await StartServerAsync();
        var (a, _) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();

        Adapter(server).Broadcast(
            Packet("""52-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", [1], [2, 3]),
            Select());

        foreach (var client in new[] { a, b })
        {
            Assert.Equal("""52-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", await client.ReceiveAsync());
            Assert.Equal([1], await client.ReceiveBinaryAsync());
            Assert.Equal([2, 3], await client.ReceiveBinaryAsync());
        }
    }

    [Fact]
    public async Task BroadcastWithAck_EachTargetCountedAndItsAnswerCollected()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        Adapter(server).AddAll(socketA.Id, ["r"]);
        Adapter(server).AddAll(socketB.Id, ["r"]);

        var pending = server.Io.To("r").Timeout(_ackTimeout).EmitWithAckAsync("q");
        Assert.Equal("""20["q"]""", await a.ReceiveAsync());
        Assert.Equal("""20["q"]""", await b.ReceiveAsync());
        await a.SendAsync("""30["from a"]""");
        await b.SendAsync("""30["from b"]""");

        var result = await pending.DefaultTimeout();
        Assert.Equal(2, result.Expected);
        Assert.False(result.TimedOut);
        Assert.Equal(Sorted(socketA.Id, socketB.Id), Sorted(result.Responses.Select(static r => r.SocketId)));
        Assert.Equal(["from a", "from b"], result.Responses.Select(static r => r.Get<string>(0)).Order());
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task FetchSocketsAsync_Selection_ConnectedSocketsOnce()
    {
        await using var server = await StartServerAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        var (_, c) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(a.Id, ["r1", "r2"]);
        adapter.AddAll(b.Id, ["r2", "x"]);

        Assert.Equal(Sorted(a.Id, b.Id, c.Id), Ids(await adapter.FetchSocketsAsync(Select())));
        Assert.Equal(Sorted(a.Id, b.Id), Ids(await adapter.FetchSocketsAsync(Select(["r1", "r2"]))));
        Assert.Equal(Sorted(a.Id), Ids(await adapter.FetchSocketsAsync(Select(["r2"], ["x"]))));
        Assert.Same(c, Assert.Single(await adapter.FetchSocketsAsync(Select([c.Id]))).Local);
    }

    [Fact]
    public async Task AddSocketsAsync_Selection_JoinTheRooms()
    {
        await using var server = await StartServerAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(a.Id, ["r"]);

        await adapter.AddSocketsAsync(Select(["r"]), ["x", "y"]);

        Assert.Equal(Sorted(a.Id, "r", "x", "y"), Sorted(adapter.SocketRooms(a.Id)));
        Assert.Equal([b.Id], adapter.SocketRooms(b.Id));
    }

    [Fact]
    public async Task DelSocketsAsync_Selection_LeaveTheRoomsAndEmptiedRoomsDropped()
    {
        await using var server = await StartServerAsync();
        var (_, a) = await server.ConnectSocketAsync();
        var (_, b) = await server.ConnectSocketAsync();
        var adapter = Adapter(server);
        adapter.AddAll(a.Id, ["r", "x", "y"]);
        adapter.AddAll(b.Id, ["x"]);

        await adapter.DelSocketsAsync(Select(["r"]), ["x", "y"]);

        Assert.Equal(Sorted(a.Id, "r"), Sorted(adapter.SocketRooms(a.Id)));
        Assert.Equal([b.Id], adapter.Sockets(Set("x")));
        Assert.DoesNotContain("y", GetRoomNames(adapter));
    }

    [Fact]
    public async Task DisconnectSocketsAsync_Selection_DisconnectPacketConnectionKept()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        Adapter(server).AddAll(socketA.Id, ["r"]);

        await Adapter(server).DisconnectSocketsAsync(Select(["r"]), close: false);

        Assert.Equal("1", await a.ReceiveAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await server.Sockets[socketA.Id].DisconnectReasonAsync());
        await a.SyncAsync();
        await b.AssertNothingReceivedAsync();
        Assert.True(socketB.Connected);
        Assert.DoesNotContain("r", GetRoomNames(Adapter(server)));
    }

    [Fact]
    public async Task DisconnectSocketsAsync_Close_ConnectionsClosed()
    {
        await using var server = await StartServerAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();

        await Adapter(server).DisconnectSocketsAsync(Select([], [socketB.Id]), close: true);

        await a.AssertClosedAsync();
        await server.Sockets[socketA.Id].DisconnectedAsync();
        await b.AssertNothingReceivedAsync();
        Assert.True(socketB.Connected);
    }

    [Fact]
    public async Task Namespaces_RoomsAreSeparate()
    {
        await using var server = await StartServerAsync(static io => io.Of("/chat"));
        var (main, mainSocket) = await server.ConnectSocketAsync();
        var (chat, _) = await server.ConnectSocketAsync("/chat");
        server.Io.Sockets.Adapter.AddAll(mainSocket.Id, ["r"]);

        server.Io.Of("/chat").Adapter.Broadcast(Packet("""2/chat,["e"]"""), Select(["r"]));
        server.Io.Sockets.Adapter.Broadcast(Packet("""2["e"]"""), Select(["r"]));

        Assert.Equal("""2["e"]""", await main.ReceiveAsync());
        await chat.AssertNothingReceivedAsync();
        Assert.Empty(server.Io.Of("/chat").Adapter.Sockets(Set("r")));
    }

    private static ISocketIoAdapter Adapter(SocketIoTestServer server) => server.Io.Sockets.Adapter;

    private static HashSet<string> Set(params string[] rooms) => new(rooms, StringComparer.Ordinal);

    private static SocketIoBroadcastOptions Select(string[]? rooms = null, string[]? except = null) =>
        new(Set(rooms ?? []), Set(except ?? []), isVolatile: false, isLocal: false);

    private static SocketIoPacket Packet(string text, params byte[][] attachments) =>
        new(Encoding.UTF8.GetBytes(text), [.. attachments.Select(static a => new ReadOnlyMemory<byte>(a))]);

    private static string[] Sorted(params IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];

    private static string[] Ids(IEnumerable<SocketIoRemoteSocket> sockets) => Sorted(sockets.Select(static s => s.Id));

    /// <summary>Passes through to the factory under test and remembers what it created, by namespace.</summary>
    private sealed class RecordingFactory(ISocketIoAdapterFactory inner, ConcurrentDictionary<string, ISocketIoAdapter> created) : ISocketIoAdapterFactory
    {
        public ISocketIoAdapter Create(SocketIoNamespace nsp)
        {
            var adapter = inner.Create(nsp);
            created[nsp.Name] = adapter;
            return adapter;
        }
    }
}
