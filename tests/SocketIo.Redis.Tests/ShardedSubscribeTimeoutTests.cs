using SocketIo.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// A sharded subscription whose SSUBSCRIBE times out at the client while Redis still carries it out later (a loaded
/// machine, a slow Redis): StackExchange.Redis keeps the channel's queue registered, but the adapter never got it to
/// read from. Redis then counts the server, which neither reads the requests nor hears the answers unless the
/// adapter subscribes again.
/// </summary>
public sealed class ShardedSubscribeTimeoutTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task SubscribeTimedOutWhileRedisWasPaused_TheServerStillAnswersAndHearsAnswers()
    {
        const string key = "paused";
        await using var b = await ShardedRedisCluster.StartNodeAsync(
            _redis.Configuration, key, RedisShardedSubscriptionMode.Static, io => io.OnServerSideEmit("who", e => e.AckAsync("B")));

        var options = ConfigurationOptions.Parse(_redis.Configuration);
        // Commands time out quickly and the timeouts are checked often, so that the SSUBSCRIBE sent during the pause
        // fails at the client long before Redis resumes and carries it out.
        options.AsyncTimeout = 100;
        options.SyncTimeout = 100;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
        await using var muxA = await ConnectionMultiplexer.ConnectAsync(options);
        // Kept open until the end: closing it would wait for the pause.
        await using var probe = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
        // Redis holds every client's commands (this one's reply excepted) until the pause ends by itself.
        await probe.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");

        await using var a = await ShardedRedisCluster.StartNodeAsync(
            _redis.Configuration, key, RedisShardedSubscriptionMode.Static, io => io.OnServerSideEmit("who", e => e.AckAsync("A")), multiplexer: muxA);

        var fromB = await b.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();
        Assert.False(fromB.TimedOut);
        Assert.Equal("A", Assert.Single(fromB.Responses).GetString());

        var fromA = await a.Io.ServerSideEmitWithAckAsync("who").DefaultTimeout();
        Assert.False(fromA.TimedOut);
        Assert.Equal("B", Assert.Single(fromA.Responses).GetString());
    }
}
