using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ScriptService.Hosting;

/// <summary>Composes the trust in a reverse proxy's forwarded headers (<see cref="TrustedProxyOptions"/>).</summary>
internal static class ForwardedHeadersExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TrustedProxyOptions"/>, and gives ASP.NET Core's forwarded-headers middleware only
    /// the configured proxies: its own defaults trust loopback, which would let any local client forge its address.
    /// </summary>
    public static IServiceCollection AddScriptForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>(static (forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // One proxy in front: only the address it appended is believed, never what the client put before it.
            forwarded.ForwardLimit = 1;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();

            // Entries that do not parse have already stopped the host (the validator runs at start, before the
            // middleware is built); skipping them here keeps this from throwing a second, vaguer error.
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// The forwarded-headers middleware, when a trusted proxy is configured; it must run before anything that reads the
    /// client's address or scheme (authentication, the rate limiter, the Engine.IO handshake).
    /// </summary>
    public static WebApplication UseScriptForwardedHeaders(this WebApplication app, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(TrustedProxyOptions.SectionName).Get<TrustedProxyOptions>();
        if (trusted is { IsEnabled: true })
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
