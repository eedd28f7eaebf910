using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Internal;
using SocketIo.Internal.ClientBundle;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Socket.IO at <paramref name="path"/> (the client's <c>path</c> option; <c>/socket.io</c> by default).
    /// WebSockets are set up for the endpoint itself. Unless <see cref="SocketIo.SocketIoOptions.ServeClient"/> is off,
    /// the pinned socket.io-client browser bundle is served below the path too (<c>/socket.io/socket.io.min.js</c> and
    /// the others). The returned builder takes conventions such as <c>RequireCors</c> or <c>RequireAuthorization</c>,
    /// which apply to all of these endpoints.
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIo(this IEndpointRouteBuilder endpoints, string path = "/socket.io")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SocketIoServer>() is not { } server)
        {
            throw new InvalidOperationException("Call services.AddSocketIo() before mapping the Socket.IO endpoint.");
        }

        var engine = endpoints.MapEngineIo(path, server);
        return server.Options.ServeClient
            ? new CompositeEndpointConventionBuilder([engine, .. ClientBundleEndpoints.Map(endpoints, path)])
            : engine;
    }
}
