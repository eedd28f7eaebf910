using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Engine.IO services.</summary>
public static class EngineIoServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>MapEngineIo</c> needs: options, metrics, and the hosted service that closes every session
    /// gracefully when the host stops.
    /// </summary>
    public static IServiceCollection AddEngineIo(this IServiceCollection services, Action<EngineIoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EngineIoOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineIoMetrics>();
        services.TryAddSingleton<EngineIoServerRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EngineIoShutdownService>());
        return services;
    }
}
