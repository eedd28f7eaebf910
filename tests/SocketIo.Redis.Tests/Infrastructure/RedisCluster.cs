using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Internal;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests.Infrastructure;

/// <summary>Several Socket.IO servers of this process sharing one Redis under one channel key, as separate nodes would.</summary>
public static class RedisCluster
{
    /// <summary>
    /// Starts a server whose adapter uses its own Redis connection (from the configuration string, or
    /// <paramref name="multiplexer"/>), and waits until its namespaces' subscriptions are in place.
    /// </summary>
    public static async Task<SocketIoTestServer> StartNodeAsync(
        string configuration,
        string key,
        Action<ISocketIoServer>? configure = null,
        TimeSpan? requestsTimeout = null,
        IConnectionMultiplexer? multiplexer = null,
        bool specificResponseChannel = false,
        Action<SocketIoOptions>? options = null)
    {
        var server = await SocketIoTestServer.StartAsync(
            io =>
            {
                io.Of("/chat");
                configure?.Invoke(io);
            },
            options: options,
            services: services =>
            {
                void Configure(RedisAdapterOptions o)
                {
                    o.Key = key;
                    o.RequestsTimeout = requestsTimeout ?? TimeSpan.FromSeconds(10);
                    o.PublishOnSpecificResponseChannel = specificResponseChannel;
                }

                if (multiplexer is null)
                {
                    services.AddRedisAdapter(configuration, Configure);
                }
                else
                {
                    services.AddRedisAdapter(multiplexer, Configure);
                }
            });
        await ReadyAsync(server.Io.Sockets);
        await ReadyAsync(server.Io.Of("/chat"));
        return server;
    }

    public static Task ReadyAsync(SocketIoNamespace nsp) => Assert.IsType<RedisAdapter>(nsp.Adapter).Ready.DefaultTimeout();

    /// <summary>The ack id of an event packet <c>2&lt;id&gt;[...]</c> as a client received it.</summary>
    public static long AckId(string packet)
    {
        var end = packet.IndexOf('[', StringComparison.Ordinal);
        return long.Parse(packet.AsSpan(1, end - 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits for a condition that only time settles (Redis noticing that a connection closed): it is checked again
    /// every few milliseconds, and the test fails if it does not hold within the default timeout.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        while (!await condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
