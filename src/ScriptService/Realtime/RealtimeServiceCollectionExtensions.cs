using EngineIo;
using ScriptService.Jobs;
using SocketIo;

namespace ScriptService.Realtime;

/// <summary>Composes Realtime: the Socket.IO server, the socket contract, and the delivery of the jobs' events.</summary>
internal static class RealtimeServiceCollectionExtensions
{
    /// <summary>The Socket.IO endpoint's path.</summary>
    public const string SocketIoPath = "/socket.io";

    public static IServiceCollection AddScriptRealtime(this IServiceCollection services, ScriptServiceOptions settings)
    {
        var parser = ParseParser(settings.Parser);
        services.AddSocketIo(
            socketIo =>
            {
                socketIo.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, RealtimeJsonContext.Default);
                if (settings.ConnectionStateRecovery)
                {
                    // A recovered socket skips the authentication middleware: its restored state holds the user it
                    // authenticated as.
                    socketIo.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions();
                }

                socketIo.Parser = parser;
            },
            engine =>
            {
                // Clients in the field still speak Engine.IO v3 (socket.io-client 2.x, game engines, embedded
                // libraries): the contract's events are the same for them.
                engine.AllowEio3 = true;

                // The session id as the "io" cookie, for a load balancer that sticks polling sessions to their node
                // (deploy/haproxy.cfg.template learns the node from it and routes by the sid query parameter).
                if (settings.SessionCookie)
                {
                    engine.Cookie = new EngineIoCookieOptions();
                }

                // The admin dashboard, served from its own origin, connects with credentials: a wildcard would refuse it.
                engine.Cors = new EngineIoCorsOptions { AllowCredentials = settings.AllowedOrigins.Length > 0 || settings.Admin.IsEnabled };
                if (settings.AllowedOrigins.Length == 0)
                {
                    engine.Cors.AllowedOrigins.Add("*");
                    return;
                }

                foreach (var origin in settings.AllowedOrigins)
                {
                    engine.Cors.AllowedOrigins.Add(origin);
                }

                // CORS only restrains browsers' HTTP requests; WebSocket upgrades are checked here, from the Origin header.
                engine.AllowRequest = context => ValueTask.FromResult(IsAllowedOrigin(context.Request.Headers.Origin.ToString(), settings.AllowedOrigins));
            });

        if (settings.Admin.IsEnabled)
        {
            services.AddSocketIoAdmin(admin =>
            {
                admin.Username = settings.Admin.Username;
                admin.PasswordHash = string.IsNullOrEmpty(settings.Admin.PasswordHash)
                    ? BCrypt.Net.BCrypt.HashPassword(settings.Admin.Password)
                    : settings.Admin.PasswordHash;
                admin.Mode = settings.Admin.Mode;
                admin.ReadOnly = settings.Admin.ReadOnly;
            });
        }

        services.AddSingleton<ResultDelivery>();
        services.AddSingleton<JobEventDelivery>();
        services.AddSingleton<IJobEvents>(static provider => provider.GetRequiredService<JobEventDelivery>());
        services.AddSingleton<ScriptSocketHandlers>();
        return services;
    }

    /// <summary>Serves Socket.IO at <see cref="SocketIoPath"/>, with the socket contract and the jobs' events attached.</summary>
    public static WebApplication MapScriptRealtime(this WebApplication app)
    {
        app.MapSocketIo(SocketIoPath);
        app.Services.GetRequiredService<ScriptSocketHandlers>().Attach();
        app.Services.GetRequiredService<JobEventDelivery>().Attach();
        app.Services.GetService<ClusterReconciliation>()?.Attach();
        return app;
    }

    /// <summary>The service's names for the parsers; anything else is a configuration error, reported before the host starts.</summary>
    private static SocketIoParser ParseParser(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "default" => SocketIoParser.Default,
        "msgpack" => SocketIoParser.MessagePack,
        _ => throw new InvalidOperationException(
            $"ScriptService:Parser (ScriptService__Parser) is \"{value}\"; it must be \"default\" or \"msgpack\"."),
    };

    private static bool IsAllowedOrigin(string origin, string[] allowed) =>
        origin.Length == 0 || Array.Exists(allowed, o => string.Equals(o, origin, StringComparison.OrdinalIgnoreCase));
}
