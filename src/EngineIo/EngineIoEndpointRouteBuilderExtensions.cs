using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Engine.IO endpoints.</summary>
public static class EngineIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Engine.IO at <paramref name="path"/> (and every path below it, as the reference does), handing each
    /// session to <typeparamref name="THandler"/>, which is taken from the container or created with its dependencies.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="path">The path, e.g. <c>/engine.io</c>.</param>
    /// <returns>A builder to add conventions (authorization, CORS policies, metadata) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapEngineIo<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IEndpointRouteBuilder endpoints, string path)
        where THandler : class, IEngineIoHandler =>
        endpoints.MapEngineIo<THandler>(path, static _ => { });

    /// <summary>Serves Engine.IO at <paramref name="path"/> with settings of its own, handing each session to <typeparamref name="THandler"/>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="path">The path, e.g. <c>/engine.io</c>.</param>
    /// <param name="configure">Settings for this endpoint only, applied over those given to <c>AddEngineIo</c>.</param>
    /// <returns>A builder to add conventions (authorization, CORS policies, metadata) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapEngineIo<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IEndpointRouteBuilder endpoints, string path, Action<EngineIoOptions> configure)
        where THandler : class, IEngineIoHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var handler = services.GetService<THandler>() ?? ActivatorUtilities.CreateInstance<THandler>(services);
        return endpoints.MapEngineIo(path, handler, configure);
    }

    /// <summary>Serves Engine.IO at <paramref name="path"/>, handing each session to <paramref name="handler"/>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="path">The path, e.g. <c>/engine.io</c>.</param>
    /// <param name="handler">Receives every session of this endpoint.</param>
    /// <returns>A builder to add conventions (authorization, CORS policies, metadata) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path, IEngineIoHandler handler) =>
        endpoints.MapEngineIo(path, handler, static _ => { });

    /// <summary>Serves Engine.IO at <paramref name="path"/> with settings of its own, handing each session to <paramref name="handler"/>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="path">The path, e.g. <c>/engine.io</c>.</param>
    /// <param name="handler">Receives every session of this endpoint.</param>
    /// <param name="configure">Settings for this endpoint only, applied over those given to <c>AddEngineIo</c>.</param>
    /// <returns>A builder to add conventions (authorization, CORS policies, metadata) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path, IEngineIoHandler handler, Action<EngineIoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(handler);

        var services = endpoints.ServiceProvider;
        if (services.GetService<EngineIoServerRegistry>() is not { } registry)
        {
            throw new InvalidOperationException("Call services.AddEngineIo() before mapping an Engine.IO endpoint.");
        }

        // A fresh options instance per endpoint: what AddEngineIo configured, then this endpoint's own settings.
        var options = services.GetRequiredService<IOptionsFactory<EngineIoOptions>>().Create(Options.DefaultName);
        ArgumentNullException.ThrowIfNull(configure);
        configure(options);

        var server = new EngineIoServer(
            options,
            handler,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("EngineIo"),
            services.GetRequiredService<EngineIoMetrics>());
        registry.Add(server);
        var dispatcher = new EngineIoDispatcher(server);

        // A route group would put a prefix of its own in front of the path, which the dense WebSocket path (matching
        // paths without routing) cannot see: endpoints in groups are served by the standard path alone.
        if (endpoints is not RouteGroupBuilder)
        {
            registry.AddDenseEndpoint(path, dispatcher);
        }

        // The WebSocket middleware runs in this endpoint's own pipeline, so the app need not call UseWebSockets.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(dispatcher.ExecuteAsync);
        var app = pipeline.Build();

        var pattern = path.TrimEnd('/') + "/{**engineIoPath}";
        return endpoints.Map(pattern, app)
            .WithDisplayName("Engine.IO " + path)
            .WithMetadata(new DisableRequestTimeoutAttribute());
    }
}
