using System.Text.Json;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Two or three servers of this process on one real Redis: every operation that crosses servers. To show that a
/// client got nothing from a broadcast through Redis, the sending server broadcasts a marker to everyone afterwards:
/// a server reads its broadcasts from Redis in order, so a client that gets the marker first got nothing before it.
/// The sharded adapter runs the same tests (ShardedRedisClusterTests.cs) by overriding <see cref="NodeAsync"/>.
/// </summary>
public class RedisClusterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    protected virtual Task<SocketIoTestServer> NodeAsync(string key, Action<ISocketIoServer>? configure = null, TimeSpan? requestsTimeout = null, bool specific = false) =>
        RedisCluster.StartNodeAsync(redis.Server.Configuration, key, configure, requestsTimeout, specificResponseChannel: specific);

    /// <summary>
    /// Waits until the server hears broadcasts to its rooms: at once with the classic adapter (one pattern for all);
    /// the sharded adapter's dynamic modes subscribe a room's channel when the room is created here.
    /// </summary>
    protected virtual Task RoomsReadyAsync(SocketIoTestServer server) => Task.CompletedTask;

    [Fact]
    public async Task Broadcast_FromOneServer_ReachesEverySocketOfEveryServer()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB, _) = await b.ConnectSocketAsync();

        await a.Io.EmitAsync("hello", 1, "x", new Dictionary<string, object?> { ["k"] = 1.5 });

        Assert.Equal("""2["hello",1,"x",{"k":1.5}]""", await clientA.ReceiveAsync());
        Assert.Equal("""2["hello",1,"x",{"k":1.5}]""", await clientB.ReceiveAsync());
    }

    [Fact]
    public async Task Broadcast_RoomsAndExcept_OnlyTheSelectedSocketsOfTheOtherServer()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (inRoom, socketInRoom) = await b.ConnectSocketAsync();
        var (excepted, socketExcepted) = await b.ConnectSocketAsync();
        var (outside, _) = await b.ConnectSocketAsync();
        socketInRoom.Join("r");
        socketExcepted.Join(["r", "x"]);
        await RoomsReadyAsync(b);

        await a.Io.To("r").Except("x").EmitAsync("e");
        await a.Io.To("other").To("r").EmitAsync("two rooms");
        await a.Io.EmitAsync("marker");
        // The sharded adapter's dynamic modes publish to one room on the room's channel, and messages of two channels
        // may be handled in either order (as on a Redis Cluster): a marker on each channel, and no order between them.
        await a.Io.To("r").EmitAsync("room marker");

        Assert.Equal(["""2["e"]""", """2["marker"]""", """2["room marker"]""", """2["two rooms"]"""], (await ReceiveAsync(inRoom, 4)).Order(StringComparer.Ordinal));
        Assert.Equal(["""2["marker"]""", """2["room marker"]""", """2["two rooms"]"""], (await ReceiveAsync(excepted, 3)).Order(StringComparer.Ordinal));
        Assert.Equal("""2["marker"]""", await outside.ReceiveAsync());
    }

    [Fact]
    public async Task Broadcast_ToASocketIdOfAnotherServer_ReachesThatSocketOnly()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (target, socket) = await b.ConnectSocketAsync();
        var (other, _) = await b.ConnectSocketAsync();
        await RoomsReadyAsync(b);

        await a.Io.To(socket.Id).EmitAsync("private");
        await a.Io.EmitAsync("marker");

        // In either order: dynamic-private mode sends to a socket id on its own channel.
        Assert.Equal(["""2["marker"]""", """2["private"]"""], (await ReceiveAsync(target, 2)).Order(StringComparer.Ordinal));
        Assert.Equal("""2["marker"]""", await other.ReceiveAsync());
    }

    private static async Task<List<string>> ReceiveAsync(SocketIoTestClient client, int count)
    {
        var packets = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            packets.Add(await client.ReceiveAsync());
        }

        return packets;
    }

    [Fact]
    public async Task Broadcast_Binary_AttachmentsReachTheOtherServer()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (client, _) = await b.ConnectSocketAsync("/chat");

        await a.Io.Of("/chat").EmitAsync("bin", new byte[] { 1, 2, 3 }, new Dictionary<string, object?> { ["nested"] = new byte[] { 0xff } });

        Assert.Equal("""52-/chat,["bin",{"_placeholder":true,"num":0},{"nested":{"_placeholder":true,"num":1}}]""", await client.ReceiveAsync());
        Assert.Equal([1, 2, 3], await client.ReceiveBinaryAsync());
        Assert.Equal([0xff], await client.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task Broadcast_Local_StaysOnItsServer()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB, _) = await b.ConnectSocketAsync();

        await a.Io.Sockets.Local.EmitAsync("local");
        await a.Io.EmitAsync("marker");

        Assert.Equal("""2["local"]""", await clientA.ReceiveAsync());
        Assert.Equal("""2["marker"]""", await clientB.ReceiveAsync());
    }

    [Fact]
    public async Task EmitWithAck_AcrossServers_EveryClientCountedAndAnswered()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB1, _) = await b.ConnectSocketAsync();
        var (clientB2, _) = await b.ConnectSocketAsync();

        var pending = a.Io.Sockets.Timeout(TimeSpan.FromSeconds(20)).EmitWithAckAsync("q", 7);
        foreach (var (client, answer) in new[] { (clientA, "a"), (clientB1, "b1"), (clientB2, "b2") })
        {
            var packet = await client.ReceiveAsync();
            Assert.EndsWith("""["q",7]""", packet);
            await client.SendAsync($$"""3{{RedisCluster.AckId(packet)}}[{"from":"{{answer}}"}]""");
        }

        var result = await pending.DefaultTimeout();
        Assert.False(result.TimedOut);
        Assert.Equal(3, result.Expected);
        Assert.Equal(["a", "b1", "b2"], result.Responses.Select(static r => r[0].GetProperty("from").GetString()).Order());
    }

    [Fact]
    public async Task EmitWithAck_AClientOfTheOtherServerSilent_PartialAnswersAtTheTimeout()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB, _) = await b.ConnectSocketAsync();

        var pending = a.Io.Sockets.Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("q");
        var packet = await clientA.ReceiveAsync();
        await clientA.SendAsync($"3{RedisCluster.AckId(packet)}[\"a\"]");
        Assert.EndsWith("""["q"]""", await clientB.ReceiveAsync());

        var result = await pending.DefaultTimeout();
        Assert.True(result.TimedOut);
        Assert.Equal(2, result.Expected);
        Assert.Equal("a", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task FetchSockets_AcrossServers_RemoteSocketsDescribedAndActionable()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (clientA, socketA) = await a.ConnectSocketAsync();
        var (clientB, socketB) = await b.ConnectSocketAsync();
        socketA.Join("r");
        socketB.Join("r");
        socketB.Data = new Dictionary<string, object?> { ["user"] = "b", ["level"] = 3 };

        var fetched = await a.Io.To("r").FetchSocketsAsync().AsTask().DefaultTimeout();

        Assert.Equal(new[] { socketA.Id, socketB.Id }.Order(), fetched.Select(static s => s.Id).Order());
        Assert.Same(socketA, fetched.Single(s => s.Id == socketA.Id).Local);
        var remote = fetched.Single(s => s.Id == socketB.Id);
        Assert.Null(remote.Local);
        Assert.Equal(new[] { socketB.Id, "r" }.Order(), remote.Rooms.Order());
        Assert.Equal("b", ((JsonElement)remote.Data!).GetProperty("user").GetString());
        Assert.Equal(JsonValueKind.Object, remote.Handshake.GetProperty("headers").ValueKind);
        Assert.Equal(JsonValueKind.Object, remote.Handshake.GetProperty("auth").ValueKind);
        Assert.Equal(socketB.Handshake.Issued, remote.Handshake.GetProperty("issued").GetInt64());

        await RoomsReadyAsync(b);
        await remote.EmitAsync("direct", 1);
        Assert.Equal("""2["direct",1]""", await clientB.ReceiveAsync());

        // Requests reach a server in order: the fetch that follows a join sees it.
        await remote.JoinAsync("joined-remotely");
        Assert.Equal([socketB.Id], (await a.Io.To("joined-remotely").FetchSocketsAsync()).Select(static s => s.Id));
        await remote.LeaveAsync("joined-remotely");
        Assert.Empty(await a.Io.To("joined-remotely").FetchSocketsAsync());

        await remote.DisconnectAsync();
        Assert.Equal("1", await clientB.ReceiveAsync());
        Assert.Equal(SocketIoDisconnectReason.ServerNamespaceDisconnect, await b.Sockets[socketB.Id].DisconnectReasonAsync());
        await clientA.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task SocketsJoinLeaveAndDisconnect_AcrossServers()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (_, socketA) = await a.ConnectSocketAsync();
        var (clientB1, socketB1) = await b.ConnectSocketAsync();
        var (clientB2, socketB2) = await b.ConnectSocketAsync();
        socketA.Join("r");
        socketB1.Join("r");

        await a.Io.To("r").SocketsJoinAsync("vip");
        Assert.Contains("vip", socketA.Rooms);
        Assert.Equal(new[] { socketA.Id, socketB1.Id }.Order(), (await a.Io.To("vip").FetchSocketsAsync()).Select(static s => s.Id).Order());

        await a.Io.Except(socketA.Id).SocketsLeaveAsync("vip");
        Assert.Equal([socketA.Id], (await a.Io.To("vip").FetchSocketsAsync()).Select(static s => s.Id));

        await a.Io.To("r").Except(socketA.Id).DisconnectSocketsAsync(close: true);
        // The request travels through Redis: the socket's disconnection there is the signal.
        await b.Sockets[socketB1.Id].DisconnectedAsync();
        Assert.Equal("1", await clientB1.ReceiveAsync());
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(clientB1.State != System.Net.WebSockets.WebSocketState.Open));
        Assert.True(socketB2.Connected);
        Assert.True(socketA.Connected);
        await clientB2.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task AllRoomsAndServerCount_AcrossServers()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (_, socketA) = await a.ConnectSocketAsync();
        var (_, socketB) = await b.ConnectSocketAsync();
        socketA.Join("ra");
        socketB.Join("rb");

        var rooms = await a.Io.Sockets.Adapter.AllRoomsAsync().AsTask().DefaultTimeout();

        Assert.Equal(new[] { socketA.Id, socketB.Id, "ra", "rb" }.Order(), rooms.Order());
        Assert.Equal(2, await a.Io.Sockets.Adapter.ServerCountAsync());
    }

    [Fact]
    public async Task ServerSideEmit_ReachesTheOtherServersNotItself()
    {
        var key = redis.NewKey();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var markers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var selfCalled = false;
        await using var a = await NodeAsync(key, io => io.OnServerSideEmit("hello", _ =>
        {
            selfCalled = true;
            return default;
        }));
        await using var b = await NodeAsync(key, io => io
            .OnServerSideEmit("hello", e =>
            {
                received.TrySetResult(e.Get<string>(0) + ":" + e.Get<int>(1) + ":" + e.HasAck);
                return default;
            })
            .OnServerSideEmit("marker", _ =>
            {
                markers.TrySetResult();
                return default;
            }));

        await a.Io.ServerSideEmitAsync("hello", "world", 1);
        await a.Io.ServerSideEmitAsync("marker");

        Assert.Equal("world:1:False", await received.Task.DefaultTimeout());
        await markers.Task.DefaultTimeout();
        // A's own request came back to A before B's marker reached B, and was ignored.
        await a.Io.ServerSideEmitAsync("marker");
        Assert.False(selfCalled);
    }

    [Fact]
    public async Task ServerSideEmitWithAck_EveryOtherServerAnswers()
    {
        var key = redis.NewKey();
        Action<ISocketIoServer> answer(string name) => io => io.OnServerSideEmit("who", e => e.AckAsync(name));
        await using var a = await NodeAsync(key, answer("A"));
        await using var b = await NodeAsync(key, answer("B"));
        await using var c = await NodeAsync(key, answer("C"));

        var result = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();

        Assert.False(result.TimedOut);
        Assert.Equal(2, result.Expected);
        Assert.Equal(["B", "C"], result.Responses.Select(static r => r.GetString()).Order());
    }

    [Fact]
    public async Task ServerSideEmitWithAck_SpecificResponseChannel_AnswersStillArrive()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, io => io.OnServerSideEmit("who", e => e.AckAsync("A")), specific: true);
        await using var b = await NodeAsync(key, io => io.OnServerSideEmit("who", e => e.AckAsync("B")), specific: true);
        var (_, socketB) = await b.ConnectSocketAsync();

        var result = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();
        var fetched = await a.Io.Sockets.FetchSocketsAsync();

        Assert.Equal("B", Assert.Single(result.Responses).GetString());
        Assert.Equal(socketB.Id, Assert.Single(fetched).Id);
    }

    [Fact]
    public async Task ServerSideEmitWithAck_Alone_NoAnswerAndNoWait()
    {
        await using var a = await NodeAsync(redis.NewKey(), io => io.OnServerSideEmit("who", e => e.AckAsync("A")));

        var result = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();

        Assert.Empty(result.Responses);
        Assert.Equal(0, result.Expected);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task ServerSideEmit_AHandlerThatAwaits_DoesNotHoldBackLaterRequests()
    {
        var key = redis.NewKey();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key, io => io.OnServerSideEmit("slow", async e =>
        {
            started.TrySetResult();
            await release.Task;
            await e.AckAsync("done");
        }));
        var (_, socketB) = await b.ConnectSocketAsync();

        var slow = a.Io.ServerSideEmitWithAckAsync("slow");
        await started.Task.DefaultTimeout();
        var fetched = await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout();
        Assert.Equal(socketB.Id, Assert.Single(fetched).Id);
        Assert.False(slow.IsCompleted);

        release.SetResult();
        Assert.Equal("done", Assert.Single((await slow.DefaultTimeout()).Responses).GetString());
    }
}
