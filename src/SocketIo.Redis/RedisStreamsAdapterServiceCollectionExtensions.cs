using System.Diagnostics.CodeAnalysis;
using SocketIo.Redis;
using SocketIo.Redis.Internal;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Redis Streams adapter, so that several Socket.IO servers (ours or Node's with
/// <c>@socket.io/redis-streams-adapter</c>) share rooms and broadcasts, and a client cut from one server can be
/// recovered by another (connection state recovery).
/// </summary>
public static class RedisStreamsAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Makes every namespace use the Redis Streams adapter, compatible with Node's
    /// <c>@socket.io/redis-streams-adapter</c> 0.3, over a connection made from a StackExchange.Redis configuration
    /// string (for example <c>"localhost:6379"</c>; Redis 5 or later). The connection retries in the background if
    /// Redis is not up yet, and while it is down messages to other servers are dropped rather than queued. Each stream
    /// is read on a connection of its own, since <c>XREAD BLOCK</c> holds the connection it runs on.
    /// </summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The two overloads differ in their first parameter's type, so no call is ambiguous; the same shape as AddRedisAdapter.")]
    public static IServiceCollection AddRedisStreamsAdapter(this IServiceCollection services, string configuration, Action<RedisStreamsAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var options = RedisAdapterRegistration.Parse(configuration);
        return RedisAdapterRegistration.Add<RedisStreamsAdapterOptions, RedisStreamsAdapterFactory>(services, () => ConnectionMultiplexer.Connect(options), owned: true, static o => o.MaxPendingPublishes, configure);
    }

    /// <summary>
    /// Makes every namespace use the Redis Streams adapter over an existing connection, which stays the caller's to
    /// dispose. It should use <see cref="BacklogPolicy.FailFast"/> so that nothing waits while Redis is away. The
    /// streams are read on connections of their own, made from its configuration.
    /// </summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The two overloads differ in their first parameter's type, so no call is ambiguous; the same shape as AddRedisAdapter.")]
    public static IServiceCollection AddRedisStreamsAdapter(this IServiceCollection services, IConnectionMultiplexer multiplexer, Action<RedisStreamsAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(multiplexer);
        return RedisAdapterRegistration.Add<RedisStreamsAdapterOptions, RedisStreamsAdapterFactory>(services, () => multiplexer, owned: false, static o => o.MaxPendingPublishes, configure);
    }
}
