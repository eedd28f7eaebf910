using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Servers that stop answering or go away: nothing waits past the request timeout, and the gone are not counted. The
/// sharded adapter runs the same tests (ShardedRedisFailureTests.cs) through the virtual members.
/// </summary>
public class RedisFailureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan _shortTimeout = TimeSpan.FromMilliseconds(500);

    protected virtual Task<SocketIoTestServer> NodeAsync(string key, TimeSpan? requestsTimeout = null) =>
        RedisCluster.StartNodeAsync(redis.Server.Configuration, key, requestsTimeout: requestsTimeout);

    /// <summary>Subscribes as a server of namespace "/" would be counted, without answering anything.</summary>
    protected virtual Task ListenSilentlyAsync(ISubscriber subscriber, string key) =>
        subscriber.SubscribeAsync(RedisChannel.Literal(key + "-request#/#"), static (_, _) => { });

    protected virtual string FetchTimeoutMessage => "timeout reached while waiting for fetchSockets response";

    /// <summary>Publishes malformed messages, then a broadcast of "after" to every socket of "/"; returns how many were malformed.</summary>
    protected virtual async Task<int> PublishMalformedAsync(ISubscriber publisher, string key)
    {
        await publisher.PublishAsync(RedisChannel.Literal(key + "#/#"), new byte[] { 0x93, 0xa1 });
        await publisher.PublishAsync(RedisChannel.Literal(key + "-request#/#"), "{not json");
        await publisher.PublishAsync(RedisChannel.Literal(key + "-request#/#"), new byte[] { 0xc1 });
        // The adapter reads its broadcasts in order: after this one, the malformed one before it has been read.
        await publisher.PublishAsync(RedisChannel.Literal(key + "#/#"), Convert.FromHexString("93a56f7468657283a47479706502a46461746191a56166746572a36e7370a12f83a5726f6f6d7390a665786365707490a5666c61677380"));
        return 3;
    }

    [Fact]
    public async Task Requests_AServerThatNeverAnswers_EndAtTheRequestTimeout()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, _shortTimeout);
        var (client, _) = await a.ConnectSocketAsync();
        // A server that is counted (it listens on the request channel) but never answers: one that hangs, or died
        // after it was counted.
        await using var silent = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await ListenSilentlyAsync(silent.GetSubscriber(), key);
        Assert.Equal(2, await a.Io.Sockets.Adapter.ServerCountAsync());

        var fetch = await Assert.ThrowsAsync<TimeoutException>(() => a.Io.Sockets.FetchSocketsAsync().AsTask()).DefaultTimeout();
        Assert.Equal(FetchTimeoutMessage, fetch.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => a.Io.Sockets.Adapter.AllRoomsAsync().AsTask()).DefaultTimeout();

        var serverSide = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();
        Assert.True(serverSide.TimedOut);
        Assert.Equal(1, serverSide.Expected);
        Assert.Empty(serverSide.Responses);

        // No timeout of its own: the silent server's client count is waited for only until the request timeout.
        var pending = a.Io.Except("nobody").EmitWithAckAsync("q");
        var packet = await client.ReceiveAsync();
        await client.SendAsync($"3{RedisCluster.AckId(packet)}[\"a\"]");
        var result = await pending.DefaultTimeout();
        Assert.False(result.TimedOut);
        Assert.Equal("a", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task ServerStopped_NoLongerCountedNorWaitedFor()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        var b = await NodeAsync(key);
        var (_, socketA) = await a.ConnectSocketAsync();
        await b.ConnectSocketAsync();
        Assert.Equal(2, (await a.Io.Sockets.FetchSocketsAsync()).Count);

        await b.DisposeAsync();
        // Redis drops the subscriptions of a closed connection as it notices the close.
        await RedisCluster.WaitUntilAsync(async () => await a.Io.Sockets.Adapter.ServerCountAsync() == 1);

        Assert.Same(socketA, Assert.Single(await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout()).Local);
        Assert.Empty((await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout()).Responses);
    }

    [Fact]
    public async Task MalformedMessages_IgnoredAndCounted()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        using var malformed = new MetricRecorder(a.Services.GetRequiredService<IMeterFactory>(), RedisAdapterMetrics.MeterName, "socketio.redis.malformed_messages");
        var (client, _) = await a.ConnectSocketAsync();
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var publisher = other.GetSubscriber();

        var count = await PublishMalformedAsync(publisher, key);

        Assert.Equal("""2["after"]""", await client.ReceiveAsync());
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(malformed.Sum >= count));
    }

    [Fact]
    public async Task ChildNamespaceRemoved_ItsAdapterUnsubscribes()
    {
        var key = redis.NewKey();
        await using var a = await RedisCluster.StartNodeAsync(
            redis.Server.Configuration,
            key,
            io => io.Of(static name => name.StartsWith("/dyn-", StringComparison.Ordinal)),
            options: static o => o.CleanupEmptyChildNamespaces = true);
        await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        async Task<long> SubscribersAsync()
        {
            var result = (RedisResult[])(await probe.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", key + "-request#/dyn-1#"))!;
            return (long)result[1];
        }

        var (client, socket) = await a.ConnectSocketAsync("/dyn-1");
        await RedisCluster.ReadyAsync(socket.Namespace);
        Assert.Equal(1, await SubscribersAsync());

        await client.SendAsync("1/dyn-1,");
        await a.Sockets[socket.Id].DisconnectedAsync();

        await RedisCluster.WaitUntilAsync(async () => await SubscribersAsync() == 0);
    }
}
