using EngineIo;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocketIo;
using SocketIo.Adapters;
using SocketIo.Diagnostics;
using SocketIo.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket.IO server (<see cref="ISocketIoServer"/>), the Engine.IO layer under it and the in-memory
    /// adapter. Engine.IO settings (ping interval, payload limit, CORS) go through <paramref name="configureEngineIo"/>.
    /// </summary>
    public static IServiceCollection AddSocketIo(this IServiceCollection services, Action<SocketIoOptions>? configure = null, Action<EngineIoOptions>? configureEngineIo = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEngineIo(configureEngineIo);
        services.AddOptions<SocketIoOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<SocketIoMetrics>();
        services.TryAddSingleton<ISocketIoAdapterFactory, InMemorySocketIoAdapterFactory>();
        services.TryAddSingleton<SocketIoServer>();
        services.TryAddSingleton<ISocketIoServer>(static sp => sp.GetRequiredService<SocketIoServer>());
        return services;
    }
}
