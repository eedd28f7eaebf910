using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>What registering either Redis adapter takes: its options, the one Redis connection, and its factory as the adapter factory.</summary>
internal static class RedisAdapterRegistration
{
    /// <summary>
    /// A configuration string's options, made to start without Redis rather than fail, and to fail commands while
    /// disconnected rather than buffer them.
    /// </summary>
    public static ConfigurationOptions Parse(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IServiceCollection Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFactory>(
        IServiceCollection services,
        Func<IConnectionMultiplexer> multiplexer,
        bool owned,
        Func<TOptions, int> maxPendingPublishes,
        Action<TOptions>? configure)
        where TOptions : class
        where TFactory : class, ISocketIoAdapterFactory
    {
        services.AddOptions<TOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisAdapterMetrics>();
        services.RemoveAll<RedisConnection>();
        services.AddSingleton(sp => new RedisConnection(
            multiplexer(),
            owned,
            maxPendingPublishes(sp.GetRequiredService<IOptions<TOptions>>().Value),
            sp.GetRequiredService<RedisAdapterMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("SocketIo.Redis")));
        services.RemoveAll<IRedisAdapterConnection>();
        services.AddSingleton<IRedisAdapterConnection>(static sp => sp.GetRequiredService<RedisConnection>());
        services.TryAddSingleton<TFactory>();
        // Whether AddSocketIo came first (it adds the in-memory adapter only if none is registered) or not.
        services.RemoveAll<ISocketIoAdapterFactory>();
        services.AddSingleton<ISocketIoAdapterFactory>(static sp => sp.GetRequiredService<TFactory>());
        return services;
    }
}
