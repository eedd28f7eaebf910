using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Redis goes down and comes back: nothing is buffered meanwhile (what is dropped is counted), then all works again.
/// The sharded adapter runs the same test (ShardedRedisOutageTests.cs) through the virtual members.
/// </summary>
public class RedisOutageTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Reconnect quickly, so that the test does not wait for the default backoff.
        options.ReconnectRetryPolicy = new LinearRetry(100);
        options.ConnectTimeout = 1000;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    protected virtual Task<SocketIoTestServer> NodeAsync(string configuration, string key, IConnectionMultiplexer multiplexer) =>
        RedisCluster.StartNodeAsync(configuration, key, multiplexer: multiplexer);

    /// <summary>
    /// Both servers subscribed again: each has its connection that listens on the broadcast patterns of "/" and "/chat"
    /// (StackExchange.Redis renews a connection's subscriptions together).
    /// </summary>
    protected virtual async Task<bool> ResubscribedAsync(IConnectionMultiplexer probe, string key)
    {
        var clients = (string)(await probe.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;
        return clients.Split('\n').Count(static line => line.Contains(" psub=2 ", StringComparison.Ordinal)) == 2;
    }

    [Fact]
    public async Task RedisRestarted_MessagesDroppedAndCountedMeanwhile_ThenTheAdapterRecovers()
    {
        const string key = "outage";
        await using var muxA = await ConnectAsync();
        await using var muxB = await ConnectAsync();
        await using var a = await NodeAsync(_redis.Configuration, key, muxA);
        await using var b = await NodeAsync(_redis.Configuration, key, muxB);
        using var dropped = new MetricRecorder(a.Services.GetRequiredService<IMeterFactory>(), RedisAdapterMetrics.MeterName, "socketio.redis.dropped_messages");
        var (clientA, _) = await a.ConnectSocketAsync();
        var (clientB, _) = await b.ConnectSocketAsync();
        await a.Io.EmitAsync("before");
        Assert.Equal("""2["before"]""", await clientB.ReceiveAsync());
        Assert.Equal("""2["before"]""", await clientA.ReceiveAsync());

        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        muxA.ConnectionFailed += (_, _) => failed.TrySetResult();
        await _redis.KillAsync();
        await failed.Task.DefaultTimeout();
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(!muxA.IsConnected));

        await a.Io.EmitAsync("during");
        Assert.Equal("""2["during"]""", await clientA.ReceiveAsync());
        Assert.Equal(1, dropped.Sum);
        Assert.Equal("disconnected", Assert.Single(dropped.Measurements).Tags.Single(static t => t.Key == "reason").Value);
        // A request for the other servers does not wait for Redis either: only this server's sockets.
        Assert.Single(await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout());

        await _redis.RestartAsync();
        var probeOptions = ConfigurationOptions.Parse(_redis.Configuration);
        probeOptions.AllowAdmin = true;
        await using var probe = await ConnectionMultiplexer.ConnectAsync(probeOptions);
        await RedisCluster.WaitUntilAsync(async () =>
        {
            if (!probe.IsConnected)
            {
                return false;
            }

            return await ResubscribedAsync(probe, key);
        });

        await a.Io.EmitAsync("after");
        // "during" was dropped, not buffered: "after" is the next thing B's client gets.
        Assert.Equal("""2["after"]""", await clientB.ReceiveAsync());
        Assert.Equal(2, (await a.Io.Sockets.FetchSocketsAsync().AsTask().DefaultTimeout()).Count);
    }

    [Fact]
    public async Task ServerStartedBeforeRedis_SubscribesOnceRedisIsUp()
    {
        const string key = "late";
        await _redis.KillAsync();
        await using var muxA = await ConnectAsync();
        var startA = RedisCluster.StartNodeAsync(_redis.Configuration, key, multiplexer: muxA);
        await _redis.RestartAsync();
        await using var a = await startA;
        await using var b = await RedisCluster.StartNodeAsync(_redis.Configuration, key);
        var (clientA, _) = await a.ConnectSocketAsync();

        await b.Io.EmitAsync("hello");

        Assert.Equal("""2["hello"]""", await clientA.ReceiveAsync());
        Assert.Equal(2, await b.Io.Sockets.Adapter.ServerCountAsync());
    }
}
