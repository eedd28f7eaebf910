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
}
