namespace ScriptService.Diagnostics.Prometheus;

/// <summary><c>/metrics</c>: the host's meters in Prometheus text format (<see cref="PrometheusExporter"/>).</summary>
internal static class PrometheusEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services) =>
        services.AddSingleton<PrometheusExporter>();

    /// <summary>Maps the endpoint and starts listening at once, so that the first scrape sees what came before it.</summary>
    public static void MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        _ = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)WriteAsync).ExcludeFromDescription();
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var exporter = context.RequestServices.GetRequiredService<PrometheusExporter>();
        var text = await exporter.CollectAsync(context.RequestAborted);
        context.Response.ContentType = PrometheusExporter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }
}
