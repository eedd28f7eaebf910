using System.Globalization;
using System.Threading.RateLimiting;
using EngineIo;
using ScriptService.Api;
using ScriptService.Diagnostics;
using ScriptService.Diagnostics.Prometheus;
using ScriptService.Generation;
using ScriptService.Generation.Llm;
using ScriptService.Generation.Offline;
using ScriptService.Hosting;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;
using ScriptService.Page;
using ScriptService.Realtime;
using ScriptService.Security;
using SocketIo;

namespace ScriptService;

/// <summary>The service's composition root, shared by <c>Program</c> and the tests (which start it on a loopback port).</summary>
internal static class ScriptServiceApp
{
    /// <summary>Builds the app; <paramref name="configure"/> may adjust the builder (URLs, configuration) before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // The service's documented default; --urls, ASPNETCORE_URLS or "urls" in configuration override it.
            builder.WebHost.UseUrls("http://localhost:3000");
        }

        var section = builder.Configuration.GetSection(ScriptServiceOptions.SectionName);
        var settings = section.Get<ScriptServiceOptions>() ?? new ScriptServiceOptions();
        builder.Services.Configure<ScriptServiceOptions>(section);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, ApiJsonContext.Default);
        });
        builder.Services.AddProblemDetails();
        if (settings.OpenApi)
        {
            builder.Services.AddScriptServiceOpenApi();
        }

        if (settings.Metrics.Prometheus)
        {
            builder.Services.AddPrometheusMetrics();
        }

        var parser = ParseParser(settings.Parser);
        builder.Services.AddSocketIo(
            socketIo =>
            {
                socketIo.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default);
                if (settings.ConnectionStateRecovery)
                {
                    // A recovered socket skips the authentication middleware: its restored state holds the user it
                    // authenticated as.
                    socketIo.ConnectionStateRecovery = new SocketIo.SocketIoConnectionStateRecoveryOptions();
                }

                socketIo.Parser = parser;
            },
            engine =>
            {
                // Clients in the field still speak Engine.IO v3 (socket.io-client 2.x, game engines, embedded
                // libraries): the contract's events are the same for them.
                engine.AllowEio3 = true;
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
            builder.Services.AddSocketIoAdmin(admin =>
            {
                admin.Username = settings.Admin.Username;
                admin.PasswordHash = string.IsNullOrEmpty(settings.Admin.PasswordHash)
                    ? BCrypt.Net.BCrypt.HashPassword(settings.Admin.Password)
                    : settings.Admin.PasswordHash;
                admin.Mode = settings.Admin.Mode;
                admin.ReadOnly = settings.Admin.ReadOnly;
            });
        }

        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
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

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ScriptsEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                RateLimitKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, settings.PostsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
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

        builder.Services.AddSingleton<ConnectionCap>();
        if (settings.InlineTransportScheduling)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            // The cap first, so that a refused connection costs nothing more; then Socket.IO's WebSockets on the
            // connection pipe, which hold an idle connection in far less memory than an upgraded HTTP request.
            listen.Use(listen.ApplicationServices.GetRequiredService<ConnectionCap>().Apply);
            if (settings.DenseWebSockets)
            {
                listen.UseEngineIoWebSockets();
            }
        }));

        if (settings.CompactHeapWhenQuiet)
        {
            builder.Services.AddEngineIoHeapCompaction();
        }

        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<ServiceState>();
        builder.Services.AddSingleton<TokenValidator>();
        builder.Services.AddSingleton<ResultDelivery>();
        builder.Services.AddSingleton<StoreRetry>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<ScriptSocketHandlers>();
        builder.Services.Configure<JobStoreOptions>(builder.Configuration.GetSection(JobStoreOptions.SectionName));
        builder.Services.AddSingleton<IJobStore, SqliteJobStore>();
        builder.Services.AddHostedService<JobPurgeService>();
        if (!builder.Services.TryAddLlmScriptGenerator(builder.Configuration))
        {
            // No model configured (or no key in the environment): the offline generator serves, with no setup at all.
            builder.Services.AddSingleton<IScriptGenerator, OfflineScriptGenerator>();
        }
        builder.Services.AddHostedService<JobRecoveryService>();
        builder.Services.AddHostedService<JobWorkerService>();

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseCors();
        app.UseRateLimiter();
        app.MapSocketIo("/socket.io");
        app.MapScriptsApi();
        app.MapHealthEndpoints();
        app.MapScriptPage();
        if (settings.OpenApi)
        {
            app.MapScriptServiceOpenApi();
        }

        if (settings.Metrics.Prometheus)
        {
            app.MapPrometheusMetrics();
        }

        app.Services.GetRequiredService<ScriptSocketHandlers>().Attach();
        return app;
    }


    /// <summary>
    /// The client a POST counts against: its user when authentication is on and the token is valid, otherwise its
    /// address (a made-up Authorization header must not buy a fresh allowance).
    /// </summary>
    private static string RateLimitKey(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<TokenValidator>();
        return tokens.IsEnabled && tokens.TryValidate(TokenValidator.ReadBearer(context.Request), out var user)
            ? "user:" + user
            : "address:" + context.Connection.RemoteIpAddress;
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
