using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Socket.IO at <paramref name="path"/> (the client's <c>path</c> option; <c>/socket.io</c> by default).
    /// WebSockets are set up for the endpoint itself; the returned builder takes conventions such as
    /// <c>RequireCors</c> or <c>RequireAuthorization</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIo(this IEndpointRouteBuilder endpoints, string path = "/socket.io")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SocketIoServer>() is not { } server)
        {
            throw new InvalidOperationException("Call services.AddSocketIo() before mapping the Socket.IO endpoint.");
        }

        return endpoints.MapEngineIo(path, server);
    }
}
