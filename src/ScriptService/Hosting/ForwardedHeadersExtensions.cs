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
        var section = configuration.GetSection(TrustedProxyOptions.SectionName);
        services.AddOptions<TrustedProxyOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // A list set as one value (ScriptService__ForwardedHeaders__KnownProxies=10.0.0.5 rather than ...__0)
                // binds to nothing; read it as a comma-separated list instead of leaving the trust silently off.
                options.KnownProxies = WithSingleValue(options.KnownProxies, section[nameof(TrustedProxyOptions.KnownProxies)]);
                options.KnownNetworks = WithSingleValue(options.KnownNetworks, section[nameof(TrustedProxyOptions.KnownNetworks)]);
            })
            .ValidateOnStart();
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
        // Read from the configuration rather than the options: their validation belongs to the start, where a bad
        // entry stops the host with its own message.
        var section = configuration.GetSection(TrustedProxyOptions.SectionName);
        if (section.GetSection(nameof(TrustedProxyOptions.KnownProxies)).Exists()
            || section.GetSection(nameof(TrustedProxyOptions.KnownNetworks)).Exists())
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static string[] WithSingleValue(string[] bound, string? single) =>
        string.IsNullOrWhiteSpace(single)
            ? bound
            : [.. bound, .. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
