using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIo.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The wire against Node's, from the golden captures: what Node's <c>@socket.io/redis-emitter</c> publishes reaches
/// this adapter's clients, and the JSON requests and responses this adapter publishes are Node's, byte for byte once
/// the random ids are the same.
/// </summary>
public sealed partial class NodeWireTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static JsonElement Message(string file, int index)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "golden", "classic", file);
        return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.GetProperty("messages")[index];
    }

    private static byte[] Bytes(JsonElement message) => Convert.FromHexString(message.GetProperty("hex").GetString()!);

    /// <summary>The golden message's channel with the test's key instead of <c>socket.io</c>.</summary>
    private static RedisChannel Channel(JsonElement message, string key) =>
        RedisChannel.Literal(key + message.GetProperty("channel").GetString()!["socket.io".Length..]);

    [Fact]
    public async Task Emitter_BroadcastsJoinsServerSideEmitsAndDisconnects_ReachThisAdaptersSockets()
    {
        var key = redis.NewKey();
        var serverSide = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await RedisCluster.StartNodeAsync(redis.Server.Configuration, key);
        await using var b = await RedisCluster.StartNodeAsync(redis.Server.Configuration, key, io => io.OnServerSideEmit("hello", e =>
        {
            serverSide.TrySetResult(e.Get<string>(0)!);
            return default;
        }));
        var (inRoom1, socket1) = await b.ConnectSocketAsync();
        var (inRoom2, socket2) = await b.ConnectSocketAsync();
        var (chat, _) = await b.ConnectSocketAsync("/chat");
        var (plain, _) = await b.ConnectSocketAsync();
        socket1.Join("room1");
        socket2.Join("room2");
        await using var emitter = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var publisher = emitter.GetSubscriber();

        foreach (var (file, index) in new[] { ("30-emitter-to-room.json", 0), ("31-emitter-all-except-volatile.json", 0), ("36-emitter-namespace.json", 0) })
        {
            var message = Message(file, index);
            await publisher.PublishAsync(Channel(message, key), Bytes(message));
        }

        Assert.Equal("""51-["fromEmitter","x",{"_placeholder":true,"num":0},"2023-11-14T22:13:20.123Z"]""", await inRoom1.ReceiveAsync());
        Assert.Equal([1], await inRoom1.ReceiveBinaryAsync());
        // Volatile: a client still busy with the packet before may miss it, so one that was not busy gets it.
        Assert.Equal("""2["fromEmitter2",1]""", await plain.ReceiveAsync());
        Assert.Equal("""2/chat,["chatmsg","from emitter"]""", await chat.ReceiveAsync());

        // Joins and server-side emits come as JSON requests, without (or with the "emitter") uid.
        var join = Message("32-emitter-sockets-join.json", 0);
        await publisher.PublishAsync(Channel(join, key), Bytes(join));
        Assert.Equal([socket2.Id], (await a.Io.To("room3").FetchSocketsAsync()).Select(static s => s.Id));
        var leave = Message("33-emitter-sockets-leave.json", 0);
        await publisher.PublishAsync(Channel(leave, key), Bytes(leave));
        Assert.Empty(await a.Io.To("room3").FetchSocketsAsync());
        var emit = Message("34-emitter-server-side-emit.json", 0);
        await publisher.PublishAsync(Channel(emit, key), Bytes(emit));
        Assert.Equal("from emitter", await serverSide.Task.DefaultTimeout());
        var disconnect = Message("35-emitter-disconnect-sockets.json", 0);
        await publisher.PublishAsync(Channel(disconnect, key), Bytes(disconnect));
        Assert.Equal("1", await inRoom2.ReceiveAsync());
        await plain.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Requests_JsonAsNodeWritesThem()
    {
        var key = redis.NewKey();
        await using var a = await RedisCluster.StartNodeAsync(redis.Server.Configuration, key);
        await using var b = await RedisCluster.StartNodeAsync(redis.Server.Configuration, key, io => io.OnServerSideEmit("who", e => e.AckAsync("server-B")));
        var (_, socketB) = await b.ConnectSocketAsync();
        socketB.Join("room1");
        socketB.Join("room2");
        var adapterA = Assert.IsType<Internal.RedisAdapter>(a.Io.Sockets.Adapter);
        var adapterB = Assert.IsType<Internal.RedisAdapter>(b.Io.Sockets.Adapter);
        await using var recorder = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var recorded = new ConcurrentQueue<string>();
        var queue = await recorder.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(key + "-re*"));
        queue.OnMessage(m => recorded.Enqueue(m.Channel.ToString()[key.Length..] + " " + Encoding.UTF8.GetString((byte[])m.Message!)));

        await a.Io.To("room1").FetchSocketsAsync();
        await a.Io.To("room2").SocketsJoinAsync("room3");
        await a.Io.To("room2").SocketsLeaveAsync("room3");
        await a.Io.Sockets.Adapter.AllRoomsAsync();
        await a.Io.ServerSideEmitWithAckAsync("who");
        await a.Io.ServerSideEmitAsync("hello", "world", 1);
        await a.Io.To("room2").DisconnectSocketsAsync(close: true);
        await b.Sockets[socketB.Id].DisconnectedAsync();
        // The recorder reads in order: once a's last request is there, everything before it is.
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(recorded.Any(static r => r.Contains("\"type\":4", StringComparison.Ordinal))));

        var actual = recorded.Select(r => Normalize(r, adapterA.Uid, adapterB.Uid, socketB.Id)).ToList();
        string[] expected =
        [
            Golden("14-fetch-sockets.json", 0),
            Golden("18-sockets-join.json", 0),
            Golden("19-sockets-leave.json", 0),
            Golden("20-all-rooms.json", 0),
            // Node's answer lists the rooms of its own sockets; these are B's of this test.
            """-response#/# {"requestId":"<ID>","rooms":["room1","room2","<SB>"]}""",
            Golden("23-server-side-emit-with-ack.json", 0),
            Golden("23-server-side-emit-with-ack.json", 1),
            """-request#/# {"uid":"<A>","type":6,"data":["hello","world",1]}""",
            Golden("24-disconnect-sockets.json", 0),
        ];
        // The fetch's answer: Node's keys in Node's order (the handshake's values are this run's), and data {} as a Node
        // socket's that was never set.
        Assert.Matches("""^-response#/# \{"requestId":"<ID>","sockets":\[\{"id":"<SB>","handshake":\{"headers":\{.*\},"time":"[^"]+","address":"127\.0\.0\.1","xdomain":false,"secure":false,"issued":\d+,"url":"[^"]+","query":\{.*\},"auth":\{\}\},"rooms":\["<SB>","room1","room2"\],"data":\{\}\}\]\}$""", actual[1]);
        actual.RemoveAt(1);
        Assert.Equal(expected, actual);
    }

    /// <summary>A golden message as channel and text, its random ids replaced as <see cref="Normalize"/> does.</summary>
    private static string Golden(string file, int index)
    {
        var message = Message(file, index);
        var path = Path.Combine(AppContext.BaseDirectory, "golden", "classic", file);
        var nodes = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.GetProperty("nodes");
        var text = message.GetProperty("channel").GetString()!["socket.io".Length..] + " " + message.GetProperty("text").GetString();
        var uidA = nodes.GetProperty("A").GetProperty("uid").GetString()!;
        var uidB = nodes.GetProperty("B").GetProperty("uid").GetString()!;
        var b1 = nodes.GetProperty("clients").GetProperty("b1").GetString()!;
        return RequestId().Replace(text.Replace(uidA, "<A>", StringComparison.Ordinal).Replace(uidB, "<B>", StringComparison.Ordinal).Replace(b1, "<SB>", StringComparison.Ordinal), "\"requestId\":\"<ID>\"");
    }

    private static string Normalize(string text, string uidA, string uidB, string socketB) =>
        RequestId().Replace(text.Replace(uidA, "<A>", StringComparison.Ordinal).Replace(uidB, "<B>", StringComparison.Ordinal).Replace(socketB, "<SB>", StringComparison.Ordinal), "\"requestId\":\"<ID>\"");

    [GeneratedRegex("\"requestId\":\"[A-Za-z0-9]{6}\"")]
    private static partial Regex RequestId();
}
