using EngineIo;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Admin.Tests.Infrastructure;

/// <summary>Test servers with the admin dashboard's protocol on.</summary>
public static class AdminServer
{
    public const string Username = "admin";
    public const string Password = "s3cret-pass";

    /// <summary>A bcrypt hash of <see cref="Password"/> at the lowest cost, so that each login takes little CPU.</summary>
    public static readonly string PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, workFactor: 4);

    /// <summary>The dashboard's credentials, as its connection form sends them.</summary>
    public static object Credentials => new { username = Username, password = Password };

    /// <summary>
    /// Starts a server with the dashboard protocol (authentication by <see cref="PasswordHash"/>, statistics every
    /// 100 ms so that tests wait little for them); <paramref name="admin"/> adjusts it, <paramref name="services"/>
    /// adds an adapter, <paramref name="corsOrigin"/> allows a dashboard page served from that origin.
    /// </summary>
    public static Task<SocketIoTestServer> StartAsync(
        Action<SocketIoAdminOptions>? admin = null,
        Action<ISocketIoServer>? configure = null,
        Action<IServiceCollection>? services = null,
        string? corsOrigin = null) =>
        SocketIoTestServer.StartAsync(
            configure,
            engine: corsOrigin is null ? null : engine =>
            {
                engine.Cors = new EngineIoCorsOptions { AllowCredentials = true };
                engine.Cors.AllowedOrigins.Add(corsOrigin);
            },
            services: s =>
            {
                services?.Invoke(s);
                s.AddSocketIoAdmin(options =>
                {
                    options.PasswordHash = PasswordHash;
                    options.StatsInterval = TimeSpan.FromMilliseconds(100);
                    admin?.Invoke(options);
                });
            });

    /// <summary>The URL of a namespace, as a client connects to it.</summary>
    public static string Url(this SocketIoTestServer server, string nsp = "/") => server.BaseAddress.ToString().TrimEnd('/') + nsp;
}
