using ScriptService.Diagnostics;
using ScriptService.Diagnostics.Prometheus;

namespace ScriptService.Hosting;

/// <summary>Composes the process around the service: Kestrel's connection cap and WebSockets, the heap, the metrics.</summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder AddScriptHosting(this WebApplicationBuilder builder, ScriptServiceOptions settings)
    {
        builder.Services.AddSingleton<ServiceState>();
        builder.Services.AddSingleton<ServiceMetrics>();
        if (settings.Metrics.Prometheus)
        {
            builder.Services.AddPrometheusMetrics();
        }

        builder.Services.AddSingleton<ConnectionCap>();
        if (settings.InlineTransportScheduling)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            // The cap first, so that a refused connection costs nothing more; then Socket.IO's WebSockets on the
            // connection pipe, which hold an idle connection in far less memory than an upgraded HTTP request.
            listen.Use(listen.ApplicationServices.GetRequiredService<ConnectionCap>().Apply);
            if (settings.DenseWebSockets)
            {
                listen.UseEngineIoWebSockets();
            }
        }));

        builder.Services.Configure<LoggerFilterOptions>(filters => filters.CaptureScopes = settings.CaptureLogScopes);

        if (settings.CompactHeapWhenQuiet)
        {
            builder.Services.AddEngineIoHeapCompaction();
        }

        return builder;
    }
}
