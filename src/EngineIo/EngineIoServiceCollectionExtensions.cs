using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Memory;
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

    /// <summary>
    /// Compacts the heap once the process has gone quiet after allocating a lot, such as a burst of connections, and
    /// returns the memory it no longer needs to the operating system. Without it the GC keeps that memory committed
    /// for as long as the server stays idle, because an idle server allocates too little for the GC to run. Opt-in:
    /// the compaction pauses the whole process, briefly (see <see cref="EngineIoHeapCompactionOptions"/>).
    /// </summary>
    public static IServiceCollection AddEngineIoHeapCompaction(this IServiceCollection services, Action<EngineIoHeapCompactionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineIoHeapCompactionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o => o.QuietPeriod >= TimeSpan.FromMilliseconds(2) && o.MinimumInterval >= TimeSpan.Zero && o.MinimumReclaimableBytes >= 0,
            "QuietPeriod must be positive (at least 2 ms), MinimumInterval and MinimumReclaimableBytes not negative.");
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineIoMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HeapCompactionService>());
        return services;
    }
}
