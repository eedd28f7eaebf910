using System.Net.Sockets;
using System.Text;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Every cross-server test of <see cref="RedisClusterTests"/> on the Redis Streams adapter, and what it adds: what is
/// kept in the stream and what goes over pub/sub.
/// </summary>
public sealed class RedisStreamsClusterTests(RedisServerFixture redis) : RedisClusterTests(redis)
{
    private readonly RedisServerFixture _redis = redis;

    protected override Task<SocketIoTestServer> NodeAsync(string key, Action<ISocketIoServer>? configure = null, TimeSpan? requestsTimeout = null, bool specific = false) =>
        RedisStreamsCluster.StartNodeAsync(_redis.Server.Configuration, key, configure, requestsTimeout);

    [Fact]
    public async Task Stream_KeepsBroadcastsJoinsLeavesAndDisconnects_NotRequestsOrLocal()
    {
        var key = _redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var (_, b1) = await b.ConnectSocketAsync();
        await a.Io.EmitAsync("all", 1);
        await a.Io.Sockets.Local.EmitAsync("local", 2);
        await a.Io.To("r").SocketsJoinAsync("s");
        await a.Io.To("r").SocketsLeaveAsync("s");
        await a.Io.Sockets.ServerSideEmitAsync("sse");
        await a.Io.To("r").FetchSocketsAsync();
        await a.Io.To("nobody").DisconnectSocketsAsync(close: false);

        var uid = RedisStreamsCluster.Adapter(a.Io.Sockets).Uid;
        await RedisCluster.WaitUntilAsync(async () => (await RedisStreamsCluster.EntriesAsync(_redis.Server.Configuration, key)).Length == 4);
        var entries = await RedisStreamsCluster.EntriesAsync(_redis.Server.Configuration, key);
        Assert.All(entries, e => Assert.Equal(["uid", "nsp", "type", "data"], e.Values.Select(static v => (string)v.Name!)));
        Assert.All(entries, e => Assert.Equal(uid, (string?)e["uid"]));
        Assert.Equal(["3", "4", "5", "6"], entries.Select(static e => (string)e["type"]!));
        Assert.Equal("{\"packet\":{\"type\":2,\"data\":[\"all\",1]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}", (string?)entries[0]["data"]);
        _ = b1;
    }

    /// <summary>
    /// The commands themselves, as Redis's MONITOR shows them: the entry as Node's adapter adds it
    /// (<c>XADD &lt;stream&gt; MAXLEN ~ 10000 * uid … nsp … type … data …</c>, the golden captures' shape) and, with
    /// recovery, the session as Node's stores it (<c>SET sio:session:&lt;pid&gt; … PX 120000</c>).
    /// </summary>
    [Fact]
    public async Task Commands_XaddAndSessionSet_AsNodesAdapterSendsThem()
    {
        var key = _redis.NewKey();
        await using var a = await RedisStreamsCluster.StartNodeAsync(_redis.Server.Configuration, key, recovery: true);
        using var monitor = new TcpClient();
        await monitor.ConnectAsync("127.0.0.1", _redis.Server.Port);
        var stream = monitor.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        var reader = new StreamReader(stream, Encoding.Latin1);
        Assert.Equal("+OK", await reader.ReadLineAsync().DefaultTimeout());

        var client = await a.ConnectAsync();
        await client.SendAsync("0");
        var connect = await client.ReceiveAsync();
        using var answer = System.Text.Json.JsonDocument.Parse(connect.AsMemory(1));
        var sid = answer.RootElement.GetProperty("sid").GetString()!;
        await a.Io.EmitAsync("all", 1);
        Assert.StartsWith("2[\"all\",1,\"", await client.ReceiveAsync(), StringComparison.Ordinal);
        client.Abort();
        await a.Sockets[sid].DisconnectedAsync();

        var uid = RedisStreamsCluster.Adapter(a.Io.Sockets).Uid;
        string? xadd = null, set = null;
        while (xadd is null || set is null)
        {
            var line = await reader.ReadLineAsync().DefaultTimeout() ?? throw new EndOfStreamException();
            var command = line[(line.IndexOf(']', StringComparison.Ordinal) + 2)..];
            if (command.StartsWith("\"XADD\"", StringComparison.OrdinalIgnoreCase))
            {
                xadd = command;
            }
            else if (command.StartsWith("\"SET\"", StringComparison.OrdinalIgnoreCase))
            {
                set = command;
            }
        }

        const string Data = """{\"packet\":{\"type\":2,\"data\":[\"all\",1]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}""";
        Assert.Equal($"\"XADD\" \"{key}\" \"MAXLEN\" \"~\" \"10000\" \"*\" \"uid\" \"{uid}\" \"nsp\" \"/\" \"type\" \"3\" \"data\" \"{Data}\"", xadd, ignoreCase: true);
        Assert.Matches($"^\"SET\" \"{System.Text.RegularExpressions.Regex.Escape(key)}:session:[^\"]+\" \"[A-Za-z0-9+/=]+\" \"PX\" \"120000\"$", set);
    }
}
