using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// The real service (<see cref="ScriptServiceApp.Create"/>) on a loopback port, with its job database in a temp
/// directory and its log captured. Settings are given as configuration keys (<c>ScriptService:Workers</c>, …) and
/// passed on the command line, since the app reads some of them before <c>configure</c> runs.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    /// <summary>The environment variable the LLM generator's key is read from in these tests (not the default one, so
    /// that setting it here changes nothing for other tests of the process).</summary>
    public const string LlmKeyVariable = "SCRIPTSERVICE_SERVICE_TESTS_LLM_KEY";

    private readonly WebApplication _app;
    private readonly ServiceData? _ownedData;
    private bool _stopped;

    static ServiceHost() => Environment.SetEnvironmentVariable(LlmKeyVariable, "sk-service-tests");

    private ServiceHost(WebApplication app, ServiceData? ownedData, LogCapture logs)
    {
        _app = app;
        _ownedData = ownedData;
        Logs = logs;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    public LogCapture Logs { get; }

    /// <summary>A client of the service's HTTP API (no default headers).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The app's services, e.g. to read its state in an assertion.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the service. Unless <paramref name="settings"/> say otherwise: one worker (so jobs finish in the order
    /// they were posted), no practical POST rate limit, and a database of its own.
    /// </summary>
    /// <param name="settings">Configuration keys and values.</param>
    /// <param name="data">A database directory shared with other hosts; by default one of its own.</param>
    /// <param name="port">The port; by default any free one.</param>
    /// <param name="configure">Adjusts the builder after the service's own set-up (e.g. Kestrel's limits).</param>
    public static async Task<ServiceHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        ServiceData? data = null,
        int port = 0,
        Action<WebApplicationBuilder>? configure = null)
    {
        var ownedData = data is null ? new ServiceData() : null;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            ["ScriptService:Store:DatabasePath"] = (data ?? ownedData)!.DatabasePath,
            ["ScriptService:Workers"] = "1",
            ["ScriptService:PostsPerMinute"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var args = values.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        // The service's own log at Information (jobs accepted, finished, resumed); the frameworks' at Warning.
        var logs = new LogCapture(static category => category.StartsWith("ScriptService", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);
        var app = ScriptServiceApp.Create(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
            configure?.Invoke(builder);
        });

        var host = new ServiceHost(app, ownedData, logs);
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            ownedData?.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        host.Url = address.TrimEnd('/');
        host.Port = new Uri(host.Url).Port;
        host.Http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TaskTimeoutExtensions.DefaultTimeoutValue };
        return host;
    }

    /// <summary>The settings that switch the service to the LLM generator at <paramref name="endpoint"/> (a fake).</summary>
    public static Dictionary<string, string?> LlmSettings(Uri endpoint, int maxRetries = 0) => new()
    {
        ["ScriptService:Llm:Endpoint"] = endpoint.ToString(),
        ["ScriptService:Llm:Model"] = "test-model",
        ["ScriptService:Llm:ApiKeyEnvironmentVariable"] = LlmKeyVariable,
        ["ScriptService:Llm:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
        ["ScriptService:Llm:InitialBackoff"] = "00:00:00.010",
        ["ScriptService:Llm:MaxBackoff"] = "00:00:00.050",
    };

    /// <summary>POST /api/scripts with a JSON body (and a bearer token if given).</summary>
    public Task<HttpResponseMessage> PostAsync(JsonNode body, string? token = null) =>
        PostRawAsync(body.ToJsonString(), "application/json", token);

    /// <summary>POST /api/scripts with any body and content type.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string body, string? contentType, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/scripts")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    /// <summary>POSTs and requires a 202.</summary>
    public async Task<JsonNode> PostAcceptedAsync(JsonNode body, string? token = null)
    {
        using var response = await PostAsync(body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == System.Net.HttpStatusCode.Accepted,
            $"POST /api/scripts answered {(int)response.StatusCode}: {text}{Environment.NewLine}{Describe()}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>GET /api/scripts/{jobId}.</summary>
    public Task<HttpResponseMessage> GetJobAsync(string jobId, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/scripts/" + Uri.EscapeDataString(jobId));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Stops the host (its shutdown: draining, the workers' grace, closing the sockets) and releases it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Http.Dispose();
            await _app.DisposeAsync();
        }
    }

    public string Describe() => "--- service log ---" + Environment.NewLine + Logs.Dump();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _ownedData?.Dispose();
        }
    }
}
