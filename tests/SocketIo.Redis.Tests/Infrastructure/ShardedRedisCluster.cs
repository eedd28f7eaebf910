using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Internal;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests.Infrastructure;

/// <summary>Servers of this process on the sharded Redis adapter, each with its own Redis connection, as separate nodes.</summary>
public static class ShardedRedisCluster
{
    /// <summary>Starts a server (namespaces <c>/</c> and <c>/chat</c>) and waits until their channels are subscribed.</summary>
    public static async Task<SocketIoTestServer> StartNodeAsync(
        string configuration,
        string prefix,
        RedisShardedSubscriptionMode mode,
        Action<ISocketIoServer>? configure = null,
        TimeSpan? requestsTimeout = null,
        IConnectionMultiplexer? multiplexer = null)
    {
        var server = await SocketIoTestServer.StartAsync(
            io =>
            {
                io.Of("/chat");
                configure?.Invoke(io);
            },
            services: services =>
            {
                void Configure(RedisShardedAdapterOptions o)
                {
                    o.ChannelPrefix = prefix;
                    o.SubscriptionMode = mode;
                    o.RequestsTimeout = requestsTimeout ?? TimeSpan.FromSeconds(10);
                }

                if (multiplexer is null)
                {
                    services.AddRedisShardedAdapter(configuration, Configure);
                }
                else
                {
                    services.AddRedisShardedAdapter(multiplexer, Configure);
                }
            });
        await ReadyAsync(server.Io.Sockets);
        await ReadyAsync(server.Io.Of("/chat"));
        return server;
    }

    public static Task ReadyAsync(SocketIoNamespace nsp) => Adapter(nsp).Ready.DefaultTimeout();

    internal static ShardedRedisAdapter Adapter(SocketIoNamespace nsp) => Assert.IsType<ShardedRedisAdapter>(nsp.Adapter);

    /// <summary>The sharded channels Redis has subscribers for, under <paramref name="prefix"/> (<c>PUBSUB SHARDCHANNELS</c>).</summary>
    public static async Task<string[]> ShardChannelsAsync(string configuration, string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var result = await connection.GetDatabase().ExecuteAsync("PUBSUB", "SHARDCHANNELS", prefix + "*");
        return [.. ((RedisResult[])result!).Select(static r => (string)r!).Order(StringComparer.Ordinal)];
    }
}
