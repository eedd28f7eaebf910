using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The sharded adapter when servers stop answering, go away, send garbage, or Redis restarts: nothing waits past the
/// request timeout, the gone are not counted (SHARDNUMSUB), and the adapter recovers with Redis.
/// </summary>
public sealed class ShardedRedisFailureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private Task<SocketIoTestServer> NodeAsync(string prefix, TimeSpan? requestsTimeout = null, IConnectionMultiplexer? multiplexer = null, string? configuration = null) =>
        ShardedRedisCluster.StartNodeAsync(configuration ?? redis.Server.Configuration, prefix, RedisShardedSubscriptionMode.Dynamic, requestsTimeout: requestsTimeout, multiplexer: multiplexer);

    [Fact]
    public async Task Requests_AServerThatNeverAnswers_EndAtTheRequestTimeout()
    {
        var prefix = redis.NewKey();
        await using var a = await NodeAsync(prefix, TimeSpan.FromMilliseconds(500));
        var (client, socket) = await a.ConnectSocketAsync();
        socket.Join("r");
        // Counted (it listens on the namespace's channel) but never answers: a server that hangs, or died after it
        // was counted while Redis still holds its connection.
        await using var silent = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await silent.GetSubscriber().SubscribeAsync(RedisChannel.Sharded(prefix + "#/#"), static (_, _) => { });
        Assert.Equal(2, await a.Io.Sockets.Adapter.ServerCountAsync());

        var fetch = await Assert.ThrowsAsync<TimeoutException>(() => a.Io.Sockets.FetchSocketsAsync().AsTask()).DefaultTimeout();
        Assert.Equal("timeout reached: only 0 responses received out of 1", fetch.Message);
        await Assert.ThrowsAsync<TimeoutException>(() => a.Io.Sockets.Adapter.AllRoomsAsync().AsTask()).DefaultTimeout();

        var serverSide = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();
        Assert.True(serverSide.TimedOut);
        Assert.Equal(1, serverSide.Expected);
        Assert.Empty(serverSide.Responses);

        // No timeout of its own: the silent server's client count is waited for only until the request timeout.
        var pending = a.Io.To("r").EmitWithAckAsync("q");
        var packet = await client.ReceiveAsync();
        await client.SendAsync($"3{RedisCluster.AckId(packet)}[\"a\"]");
        var result = await pending.DefaultTimeout();
        Assert.False(result.TimedOut);
        Assert.Equal("a", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task ServerStopped_NoLongerCountedNorWaitedFor()
    {
        var prefix = redis.NewKey();
        await using var a = await NodeAsync(prefix);
        var b = await NodeAsync(prefix);
        var (_, socketA) = await a.ConnectSocketAsync();
        await b.ConnectSocketAsync();
        Assert.Equal(2, (await a.Io.Sockets.FetchSocketsAsync()).Count);

        await b.DisposeAsync();
        // Redis drops the subscriptions of a closed connection as it notices the close.
        await RedisCluster.WaitUntilAsync(async () => await a.Io.Sockets.Adapter.ServerCountAsync() == 1);

        Assert.Same(socketA, Assert.Single(await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout()).Local);
        Assert.Empty((await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout()).Responses);
        Assert.Equal([socketA.Id], await a.Io.Sockets.Adapter.AllRoomsAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task MalformedMessages_IgnoredAndCounted()
    {
        var prefix = redis.NewKey();
        await using var a = await NodeAsync(prefix);
        using var malformed = new MetricRecorder(a.Services.GetRequiredService<IMeterFactory>(), RedisAdapterMetrics.MeterName, "socketio.redis.malformed_messages");
        var (client, _) = await a.ConnectSocketAsync();
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var publisher = other.GetSubscriber();
        var channel = RedisChannel.Sharded(prefix + "#/#");

        await publisher.PublishAsync(channel, "{not json");
        await publisher.PublishAsync(channel, new byte[] { 0xc1 });
        await publisher.PublishAsync(channel, new byte[] { 0x84, 0xa4 });
        await publisher.PublishAsync(channel, """{"type":3,"data":{"packet":"nonsense"},"uid":"x","nsp":"/"}""");
        // The adapter reads the namespace's channel in order: after this one, those before it have been read.
        await publisher.PublishAsync(channel, """{"type":3,"data":{"packet":{"type":2,"data":["after"]},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"x","nsp":"/"}""");

        Assert.Equal("""2["after"]""", await client.ReceiveAsync());
        Assert.Equal(3, malformed.Sum);
    }

    [Fact]
    public async Task RedisRestarted_MessagesDroppedAndCountedMeanwhile_ThenTheAdapterRecovers()
    {
        await using var server = await RedisServer.StartAsync();
        async Task<ConnectionMultiplexer> ConnectAsync()
        {
            var options = RedisAdapterRegistrationOptions(server.Configuration);
            return await ConnectionMultiplexer.ConnectAsync(options);
        }

        await using var muxA = await ConnectAsync();
        await using var muxB = await ConnectAsync();
        await using var a = await NodeAsync("outage", multiplexer: muxA, configuration: server.Configuration);
        await using var b = await NodeAsync("outage", multiplexer: muxB, configuration: server.Configuration);
        using var dropped = new MetricRecorder(a.Services.GetRequiredService<IMeterFactory>(), RedisAdapterMetrics.MeterName, "socketio.redis.dropped_messages");
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB, socketB) = await b.ConnectSocketAsync();
        socketB.Join("r");
        await ShardedRedisCluster.Adapter(b.Io.Sockets).RoomSubscriptionsAsync().DefaultTimeout();
        await a.Io.To("r").EmitAsync("before");
        Assert.Equal("""2["before"]""", await clientB.ReceiveAsync());

        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        muxA.ConnectionFailed += (_, _) => failed.TrySetResult();
        await server.KillAsync();
        await failed.Task.DefaultTimeout();
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(!muxA.IsConnected));

        await a.Io.EmitAsync("during");
        Assert.Equal("""2["during"]""", await clientA.ReceiveAsync());
        Assert.Equal(1, dropped.Sum);
        Assert.Single(await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout());

        await server.RestartAsync();
        // Both servers subscribed again, the room's channel included (StackExchange.Redis renews its subscriptions).
        await RedisCluster.WaitUntilAsync(async () =>
            (await ShardedRedisCluster.ShardChannelsAsync(server.Configuration, "outage")).Contains("outage#/#r#")
            && await a.Io.Sockets.Adapter.ServerCountAsync() == 2);

        await a.Io.To("r").EmitAsync("after");
        // "during" was dropped, not buffered: "after" is the next thing B's client gets.
        Assert.Equal("""2["after"]""", await clientB.ReceiveAsync());
        Assert.Equal(2, (await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout()).Count);
    }

    /// <summary>As the adapter's own connection, reconnecting quickly so that the test does not wait for the default backoff.</summary>
    private static ConfigurationOptions RedisAdapterRegistrationOptions(string configuration)
    {
        var options = Internal.RedisAdapterRegistration.Parse(configuration);
        options.ReconnectRetryPolicy = new LinearRetry(100);
        options.ConnectTimeout = 1000;
        return options;
    }
}
