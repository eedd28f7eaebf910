using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Internal;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests.Infrastructure;

/// <summary>Servers of this process on the Redis Streams adapter, each with its own Redis connections, as separate nodes.</summary>
public static class RedisStreamsCluster
{
    /// <summary>
    /// Starts a server (namespaces <c>/</c> and <c>/chat</c>) whose stream, channels and session keys are named after
    /// <paramref name="key"/>, and waits until it hears the others.
    /// </summary>
    public static async Task<SocketIoTestServer> StartNodeAsync(
        string configuration,
        string key,
        Action<ISocketIoServer>? configure = null,
        TimeSpan? requestsTimeout = null,
        bool recovery = false,
        Action<RedisStreamsAdapterOptions>? options = null,
        Action<SocketIoOptions>? server = null)
    {
        var node = await SocketIoTestServer.StartAsync(
            io =>
            {
                io.Of("/chat");
                configure?.Invoke(io);
            },
            options: o =>
            {
                if (recovery)
                {
                    o.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions();
                }

                server?.Invoke(o);
            },
            services: services => services.AddRedisStreamsAdapter(configuration, o =>
            {
                o.StreamName = key;
                o.ChannelPrefix = key;
                o.SessionKeyPrefix = key + ":session:";
                o.RequestsTimeout = requestsTimeout ?? TimeSpan.FromSeconds(10);
                // Short blocks, so that a stopping node's reader ends quickly.
                o.BlockTime = TimeSpan.FromSeconds(1);
                options?.Invoke(o);
            }));
        await ReadyAsync(node.Io.Sockets);
        await ReadyAsync(node.Io.Of("/chat"));
        return node;
    }

    public static Task ReadyAsync(SocketIoNamespace nsp) => Adapter(nsp).Ready.DefaultTimeout();

    internal static RedisStreamsAdapter Adapter(SocketIoNamespace nsp) => Assert.IsType<RedisStreamsAdapter>(nsp.Adapter);

    /// <summary>The entries of a stream, oldest first.</summary>
    public static async Task<StreamEntry[]> EntriesAsync(string configuration, string stream)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        return await connection.GetDatabase().StreamRangeAsync(stream);
    }
}
