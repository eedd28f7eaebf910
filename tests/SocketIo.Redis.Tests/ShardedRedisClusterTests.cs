using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Every cross-server test of <see cref="RedisClusterTests"/> on the sharded adapter in one subscription mode, and
/// what the sharded adapter adds: the channels it subscribes to, as Node's adapter does, and where it publishes.
/// </summary>
public abstract class ShardedRedisClusterTests(RedisServerFixture redis) : RedisClusterTests(redis)
{
    private readonly RedisServerFixture _redis = redis;

    protected abstract RedisShardedSubscriptionMode Mode { get; }

    protected override Task<SocketIoTestServer> NodeAsync(string key, Action<ISocketIoServer>? configure = null, TimeSpan? requestsTimeout = null, bool specific = false) =>
        ShardedRedisCluster.StartNodeAsync(_redis.Server.Configuration, key, Mode, configure, requestsTimeout);

    protected override Task RoomsReadyAsync(SocketIoTestServer server) =>
        ShardedRedisCluster.Adapter(server.Io.Sockets).RoomSubscriptionsAsync().DefaultTimeout();

    [Fact]
    public async Task Subscriptions_TheNamespaceTheResponsesAndInDynamicModeEachRoomWithMembersHere()
    {
        var prefix = _redis.NewKey();
        await using var a = await NodeAsync(prefix);
        await using var b = await NodeAsync(prefix);
        var (_, a1) = await a.ConnectSocketAsync();
        var (_, b1) = await b.ConnectSocketAsync();
        var (_, b2) = await b.ConnectSocketAsync();
        a1.Join("room1");
        b1.Join(["room1", "vip"]);
        b2.Join("room2");
        string[] Fixed(params string[] more) =>
        [
            .. new[] { "/", "/chat" }.SelectMany(nsp => new[] { a, b }.Select(s => $"{prefix}#{nsp}#{ShardedRedisCluster.Adapter(s.Io.Of(nsp)).Uid}#").Append($"{prefix}#{nsp}#")).Distinct(),
            .. more.Select(room => $"{prefix}#/#{room}#"),
        ];
        var dynamic = Mode != RedisShardedSubscriptionMode.Static;
        var withIds = Mode == RedisShardedSubscriptionMode.DynamicPrivate;

        // Socket-id rooms have a channel in dynamic-private mode only.
        var expected = !dynamic ? Fixed() : withIds ? Fixed("room1", "vip", "room2", a1.Id, b1.Id, b2.Id) : Fixed("room1", "vip", "room2");
        await RedisCluster.WaitUntilAsync(async () => (await ShardedRedisCluster.ShardChannelsAsync(_redis.Server.Configuration, prefix)).SequenceEqual(expected.Order(StringComparer.Ordinal)));
        Assert.Equal(2, await a.Io.Sockets.Adapter.ServerCountAsync());

        // A room emptied here is unsubscribed here; room1 keeps its channel while A has a member.
        b2.Leave("room2");
        await b1.DisconnectAsync(close: true);
        expected = !dynamic ? Fixed() : withIds ? Fixed("room1", a1.Id, b2.Id) : Fixed("room1");
        await RedisCluster.WaitUntilAsync(async () => (await ShardedRedisCluster.ShardChannelsAsync(_redis.Server.Configuration, prefix)).SequenceEqual(expected.Order(StringComparer.Ordinal)));
        Assert.Equal(!dynamic ? [] : withIds ? new[] { "room1", a1.Id }.Order() : ["room1"], ShardedRedisCluster.Adapter(a.Io.Sockets).SubscribedRooms().Order());
        Assert.Equal(withIds ? [b2.Id] : [], ShardedRedisCluster.Adapter(b.Io.Sockets).SubscribedRooms());
    }

    [Fact]
    public async Task Broadcast_ToOneRoom_OnTheRoomsChannelInDynamicModeOnly()
    {
        var prefix = _redis.NewKey();
        await using var a = await NodeAsync(prefix);
        await using var recorder = await ConnectionMultiplexer.ConnectAsync(_redis.Server.Configuration);
        // Room channels are not counted by SHARDNUMSUB, and broadcasts without ack do not count: a recorder may listen.
        var roomQueue = await recorder.GetSubscriber().SubscribeAsync(RedisChannel.Sharded($"{prefix}#/#r#"));
        var namespaceQueue = await recorder.GetSubscriber().SubscribeAsync(RedisChannel.Sharded($"{prefix}#/#"));

        await a.Io.To("r").EmitAsync("x");
        await a.Io.To("r").To("s").EmitAsync("two rooms");

        if (Mode == RedisShardedSubscriptionMode.Static)
        {
            Assert.Contains("\"x\"", (string)(await namespaceQueue.ReadAsync().AsTask().DefaultTimeout()).Message!, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("\"x\"", (string)(await roomQueue.ReadAsync().AsTask().DefaultTimeout()).Message!, StringComparison.Ordinal);
        }

        Assert.Contains("\"two rooms\"", (string)(await namespaceQueue.ReadAsync().AsTask().DefaultTimeout()).Message!, StringComparison.Ordinal);
        // Redis sends the recorder its messages in publish order and they are queued as read: nothing else came.
        Assert.False(roomQueue.TryRead(out _));
        Assert.False(namespaceQueue.TryRead(out _));
    }

    [Fact]
    public async Task ServerSideEmit_FromNodeWithABuffer_TheBufferArrivesAsBase64()
    {
        var prefix = _redis.NewKey();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await NodeAsync(prefix, io => io.OnServerSideEmit("hello", e =>
        {
            received.TrySetResult($"{e.Get<string>(0)}:{e.Get<int>(1)}:{e.Get<string>(2)}");
            return default;
        }));
        // Node's serverSideEmit("hello", "world", 1, Buffer.from([10, 11])) as captured: MessagePack with a bin.
        using var golden = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "golden", "sharded", "dynamic", "22-server-side-emit.json")));
        var bytes = Convert.FromHexString(golden.RootElement.GetProperty("messages")[0].GetProperty("hex").GetString()!);
        await using var node = await ConnectionMultiplexer.ConnectAsync(_redis.Server.Configuration);

        await node.GetSubscriber().PublishAsync(RedisChannel.Sharded(prefix + "#/#"), bytes);

        Assert.Equal("world:1:" + Convert.ToBase64String([10, 11]), await received.Task.DefaultTimeout());
    }
}

/// <summary>The cluster tests on the sharded adapter in <c>dynamic</c> mode (Node's default).</summary>
public sealed class ShardedDynamicRedisClusterTests(RedisServerFixture redis) : ShardedRedisClusterTests(redis)
{
    protected override RedisShardedSubscriptionMode Mode => RedisShardedSubscriptionMode.Dynamic;
}

/// <summary>The cluster tests on the sharded adapter in <c>dynamic-private</c> mode.</summary>
public sealed class ShardedDynamicPrivateRedisClusterTests(RedisServerFixture redis) : ShardedRedisClusterTests(redis)
{
    protected override RedisShardedSubscriptionMode Mode => RedisShardedSubscriptionMode.DynamicPrivate;
}

/// <summary>The cluster tests on the sharded adapter in <c>static</c> mode.</summary>
public sealed class ShardedStaticRedisClusterTests(RedisServerFixture redis) : ShardedRedisClusterTests(redis)
{
    protected override RedisShardedSubscriptionMode Mode => RedisShardedSubscriptionMode.Static;
}
