using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The failure tests of <see cref="RedisFailureTests"/> on the sharded adapter: a server that never answers is waited
/// for until the request timeout, a stopped one is no longer counted by SHARDNUMSUB, malformed messages are counted.
/// </summary>
public sealed class ShardedRedisFailureTests(RedisServerFixture redis) : RedisFailureTests(redis)
{
    private readonly RedisServerFixture _redis = redis;

    protected override Task<SocketIoTestServer> NodeAsync(string key, TimeSpan? requestsTimeout = null) =>
        ShardedRedisCluster.StartNodeAsync(_redis.Server.Configuration, key, RedisShardedSubscriptionMode.Dynamic, requestsTimeout: requestsTimeout);

    protected override Task ListenSilentlyAsync(ISubscriber subscriber, string key) =>
        subscriber.SubscribeAsync(RedisChannel.Sharded(key + "#/#"), static (_, _) => { });

    protected override string FetchTimeoutMessage => "timeout reached: only 0 responses received out of 1";

    protected override async Task<int> PublishMalformedAsync(ISubscriber publisher, string key)
    {
        var channel = RedisChannel.Sharded(key + "#/#");
        await publisher.PublishAsync(channel, "{not json");
        await publisher.PublishAsync(channel, new byte[] { 0xc1 });
        await publisher.PublishAsync(channel, new byte[] { 0x84, 0xa4 });
        // Well-formed but meaningless: ignored, not counted.
        await publisher.PublishAsync(channel, """{"type":3,"data":{"packet":"nonsense"},"uid":"x","nsp":"/"}""");
        // The adapter reads the namespace's channel in order: after this one, those before it have been read.
        await publisher.PublishAsync(channel, """{"type":3,"data":{"packet":{"type":2,"data":["after"]},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"x","nsp":"/"}""");
        return 3;
    }
}

/// <summary>The outage test of <see cref="RedisOutageTests"/> on the sharded adapter.</summary>
public sealed class ShardedRedisOutageTests : RedisOutageTests
{
    protected override Task<SocketIoTestServer> NodeAsync(string configuration, string key, IConnectionMultiplexer multiplexer) =>
        ShardedRedisCluster.StartNodeAsync(configuration, key, RedisShardedSubscriptionMode.Dynamic, multiplexer: multiplexer);

    /// <summary>Both servers subscribed again to the channels of "/" and "/chat" (SHARDNUMSUB counts them).</summary>
    protected override async Task<bool> ResubscribedAsync(IConnectionMultiplexer probe, string key)
    {
        foreach (var nsp in new[] { "/", "/chat" })
        {
            var reply = (RedisResult[])(await probe.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", $"{key}#{nsp}#"))!;
            if ((long)reply[1] != 2)
            {
                return false;
            }
        }

        return true;
    }
}
