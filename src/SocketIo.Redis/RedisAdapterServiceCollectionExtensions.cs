using System.Diagnostics.CodeAnalysis;
using SocketIo.Redis;
using SocketIo.Redis.Internal;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis adapter, so that several Socket.IO servers (ours or Node's) share rooms and broadcasts.</summary>
public static class RedisAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Makes every namespace use the Redis adapter, compatible with Node's <c>@socket.io/redis-adapter</c>
    /// <c>createAdapter</c>, over a connection made from a StackExchange.Redis configuration string (for example
    /// <c>"localhost:6379"</c>). The connection retries in the background if Redis is not up yet, and while it is down
    /// messages to other servers are dropped rather than queued.
    /// </summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The two overloads differ in their first parameter's type, so no call is ambiguous; this is the agreed registration API.")]
    public static IServiceCollection AddRedisAdapter(this IServiceCollection services, string configuration, Action<RedisAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var options = RedisAdapterRegistration.Parse(configuration);
        return RedisAdapterRegistration.Add<RedisAdapterOptions, RedisAdapterFactory>(services, () => ConnectionMultiplexer.Connect(options), owned: true, static o => o.MaxPendingPublishes, configure);
    }

    /// <summary>
    /// Makes every namespace use the Redis adapter over an existing connection, which stays the caller's to dispose.
    /// It should use <see cref="BacklogPolicy.FailFast"/> so that nothing waits while Redis is away.
    /// </summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The two overloads differ in their first parameter's type, so no call is ambiguous; this is the agreed registration API.")]
    public static IServiceCollection AddRedisAdapter(this IServiceCollection services, IConnectionMultiplexer multiplexer, Action<RedisAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(multiplexer);
        return RedisAdapterRegistration.Add<RedisAdapterOptions, RedisAdapterFactory>(services, () => multiplexer, owned: false, static o => o.MaxPendingPublishes, configure);
    }
}
