using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using ScriptService.Security;

namespace ScriptService.Api;

/// <summary>Composes the HTTP side: the API's JSON, problem details, CORS, the POST rate limit, OpenAPI, and the endpoints.</summary>
internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddScriptApi(this IServiceCollection services, ScriptServiceOptions settings)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();
        if (settings.OpenApi)
        {
            services.AddScriptServiceOpenApi();
        }

        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (settings.AllowedOrigins.Length == 0 && settings.Admin.IsEnabled)
            {
                // Any origin still, but echoed with credentials, for the admin dashboard (this middleware answers the
                // Engine.IO endpoint's requests too). The service reads no cookie, so credentials give a page nothing.
                policy.SetIsOriginAllowed(static _ => true).AllowCredentials();
            }
            else if (settings.AllowedOrigins.Length == 0)
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(settings.AllowedOrigins).AllowCredentials();
            }

            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After");
        }));

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ScriptsEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                RateLimitKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.PostsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem(detail: "Too many requests; slow down.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });

        return services;
    }

    /// <summary>
    /// The CORS middleware with the default policy, as <c>UseCors()</c> adds it, but called directly: with NativeAOT,
    /// <c>UseMiddleware</c> calls a middleware whose <c>Invoke</c> takes services through reflection on every request,
    /// resolving the (transient) policy provider each time. The provider here is the default one, which holds nothing
    /// per request, so one serves every request.
    /// </summary>
    public static WebApplication UseScriptCors(this WebApplication app)
    {
        var services = app.Services;
        var policies = services.GetRequiredService<ICorsPolicyProvider>();
        app.Use(next =>
        {
            var cors = new CorsMiddleware(next, services.GetRequiredService<ICorsService>(), services.GetRequiredService<ILoggerFactory>());
            return context => cors.Invoke(context, policies);
        });
        return app;
    }

    /// <summary>The API's endpoints, health, and the OpenAPI document when it is on.</summary>
    public static WebApplication MapScriptApi(this WebApplication app, ScriptServiceOptions settings)
    {
        app.MapScriptsApi();
        app.MapHealthEndpoints();
        if (settings.OpenApi)
        {
            app.MapScriptServiceOpenApi();
        }

        return app;
    }

    /// <summary>
    /// The client a POST counts against: its user when the authentication scheme found a valid token, otherwise its
    /// address (a made-up Authorization header must not buy a fresh allowance). Behind a trusted proxy the address is
    /// the client's the proxy forwarded (the forwarded-headers middleware runs first, see TrustedProxyOptions).
    /// </summary>
    internal static string RateLimitKey(HttpContext context) =>
        ScriptAuthentication.UserIdOf(context.User) is { } user
            ? "user:" + user
            : "address:" + context.Connection.RemoteIpAddress;
}
