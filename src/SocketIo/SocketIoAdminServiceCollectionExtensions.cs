using Microsoft.Extensions.DependencyInjection.Extensions;
using SocketIo;
using SocketIo.Admin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the server side of the <c>@socket.io/admin-ui</c> dashboard.</summary>
public static class SocketIoAdminServiceCollectionExtensions
{
    /// <summary>
    /// Lets the <c>@socket.io/admin-ui</c> dashboard (0.5) monitor and command this server through the admin namespace
    /// (<see cref="SocketIoAdminOptions.Namespace"/>). Call it besides <c>AddSocketIo</c>. The dashboard is served
    /// from another origin and connects with credentials: allow its origin in the Engine.IO CORS options
    /// (<c>EngineIoOptions.Cors</c> with <c>AllowCredentials</c>), or tick its "WebSocket only" switch.
    /// </summary>
    /// <exception cref="InvalidOperationException">(When the server starts.) Neither a password hash nor
    /// <see cref="SocketIoAdminOptions.AllowAnonymous"/> is set, or the hash is not a bcrypt hash.</exception>
    public static IServiceCollection AddSocketIoAdmin(this IServiceCollection services, Action<SocketIoAdminOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SocketIoAdminOptions>().Configure(configure);
        services.TryAddSingleton<AdminRegistration>();
        services.AddHostedService<AdminStatsService>();
        return services;
    }
}
