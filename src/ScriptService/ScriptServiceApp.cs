using Microsoft.Extensions.Options;
using ScriptService.Api;
using ScriptService.Diagnostics.Prometheus;
using ScriptService.Generation;
using ScriptService.Hosting;
using ScriptService.Jobs;
using ScriptService.Page;
using ScriptService.Realtime;
using ScriptService.Security;

namespace ScriptService;

/// <summary>The service's composition root, shared by <c>Program</c> and the tests (which start it on a loopback port).</summary>
/// <remarks>
/// The parts depend one way: Api and Realtime on Jobs, Jobs on Generation (its own assembly) and on nothing that
/// delivers; Jobs publishes its jobs' events through <see cref="IJobEvents"/>, which Realtime implements.
/// </remarks>
internal static class ScriptServiceApp
{
    /// <summary>Builds the app; <paramref name="configure"/> may adjust the builder (URLs, configuration) before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Before the builder, which creates the content root's file provider and watches the configuration with it.
        ConfigurationFilePolling.Apply();
        var builder = WebApplication.CreateSlimBuilder(args);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // The service's documented default; --urls, ASPNETCORE_URLS or "urls" in configuration override it.
            builder.WebHost.UseUrls("http://localhost:3000");
        }

        // Read now as well as bound, since it decides what is composed; a value out of range stops the host at start.
        var section = builder.Configuration.GetSection(ScriptServiceOptions.SectionName);
        var settings = section.Get<ScriptServiceOptions>() ?? new ScriptServiceOptions();
        builder.Services.AddOptions<ScriptServiceOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ScriptServiceOptions>, ScriptServiceOptionsValidator>();

        builder.AddScriptHosting(settings);
        builder.Services.AddScriptForwardedHeaders(builder.Configuration);
        builder.Services.AddScriptAuthentication(settings);
        builder.Services.AddScriptApi(settings);
        builder.Services.AddScriptRealtime(settings);
        builder.Services.AddScriptRealtimeCluster(builder.Configuration);
        builder.Services.AddScriptJobs(builder.Configuration);
        builder.Services.AddScriptGeneration(builder.Configuration);

        configure?.Invoke(builder);
        var app = builder.Build();

        // First, so that everything after it sees the client a trusted proxy names rather than the proxy (off by default).
        app.UseScriptForwardedHeaders(app.Configuration);
        app.UseScriptCors();

        // Before the rate limiter, whose partition is the authenticated user, and before the Engine.IO endpoint, whose
        // handshake keeps the user (EngineIoHandshake.User). Without tokens there is no scheme (AddScriptAuthentication),
        // and no user to find on any request.
        if (settings.Authentication.IsEnabled)
        {
            app.UseAuthentication();
        }
        app.UseRateLimiter();
        app.MapScriptRealtime();
        app.MapScriptApi(settings);
        app.MapScriptPage();
        if (settings.Metrics.Prometheus)
        {
            app.MapPrometheusMetrics();
        }

        return app;
    }
}
