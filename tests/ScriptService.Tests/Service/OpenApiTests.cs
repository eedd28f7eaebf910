using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) validates, and the real service answers as it says: openapi/check.mjs
/// validates it with swagger-parser, then sends one request for each answer the API gives and checks the status, the
/// media type and the body (ajv) against the document. The reference page (<c>/docs</c>) is served with its script.
/// </summary>
public sealed partial class OpenApiTests
{
    private const string ApiKey = "openapi-test-key";

    /// <summary>Every answer the anonymous run must have seen: each documented status but 401, 429 and 503.</summary>
    private static readonly string[] AnonymousAnswers =
    [
        "POST /api/scripts 202 application/json",
        "POST /api/scripts 400 application/problem+json",
        "POST /api/scripts 409 application/problem+json",
        "POST /api/scripts 413 application/problem+json",
        "POST /api/scripts 415 application/problem+json",
        "GET /api/scripts/{jobId} 200 application/json",
        "GET /api/scripts/{jobId} 400 application/problem+json",
        "GET /api/scripts/{jobId} 404 application/problem+json",
        "GET /healthz 200 text/plain",
        "HEAD /healthz 200 text/plain",
        "GET /readyz 200 text/plain",
    ];

    [Fact]
    public async Task Document_Validates_AndTheServiceAnswersAsItSays()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>());
        var answers = await RunCheckAsync(host, "anonymous");

        foreach (var expected in AnonymousAnswers)
        {
            Assert.Contains(expected, answers);
        }
    }

    [Fact]
    public async Task Document_MatchesTheAnswers_WithAuthenticationAndRateLimit()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["ScriptService:Authentication:ApiKey"] = ApiKey,
            ["ScriptService:PostsPerMinute"] = "8",
        });
        var answers = await RunCheckAsync(host, "authenticated", ApiKey);

        Assert.Contains("POST /api/scripts 401 application/problem+json", answers);
        Assert.Contains("GET /api/scripts/{jobId} 401 application/problem+json", answers);
        Assert.Contains("POST /api/scripts 429 application/problem+json", answers);
        Assert.Contains("GET /api/scripts/{jobId} 200 application/json", answers);
    }

    [Fact]
    public async Task Document_DescribesTheApi_AndNotTheRest()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>());
        using var response = await host.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["/api/scripts", "/api/scripts/{jobId}", "/healthz", "/readyz"], paths);

        // The parser's rules, as the schema states them.
        var body = root.GetProperty("components").GetProperty("schemas").GetProperty("ScriptPostBody");
        Assert.Equal(["topic"], body.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var properties = body.GetProperty("properties");
        Assert.Equal(500, properties.GetProperty("topic").GetProperty("maxLength").GetInt32());
        Assert.Equal(20, properties.GetProperty("sources").GetProperty("maxItems").GetInt32());
        Assert.Equal(["vi", "en", null], properties.GetProperty("language").GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
        Assert.Equal("vi", properties.GetProperty("language").GetProperty("default").GetString());
        Assert.Equal("^[A-Za-z0-9_.:-]+$", properties.GetProperty("jobId").GetProperty("pattern").GetString());

        // Errors are problem details.
        var post = root.GetProperty("paths").GetProperty("/api/scripts").GetProperty("post");
        foreach (var status in new[] { "400", "401", "408", "409", "413", "415", "429", "503" })
        {
            Assert.True(
                post.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"POST {status} is not application/problem+json");
        }
    }

    [Fact]
    public async Task ReferencePage_IsServedWithItsScript_FromTheServiceItself()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>());
        using var page = await host.Http.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        // Every script the page loads comes from the service, relative to the page: no CDN, so no internet needed.
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.DoesNotContain("//", script, StringComparison.Ordinal);
            using var response = await host.Http.GetAsync(new Uri(new Uri(host.Url + "/docs/"), script));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{script}: {(int)response.StatusCode}");
            Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{script} is empty");
        }
    }

    [Fact]
    public async Task ReferencePage_RendersTheOperations_InHeadlessChromium_WithoutTheInternet()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is required for this test and is missing at {chromium}: `apt-get install -y chromium` (or set CHROMIUM_PATH).");
        await using var host = await StartAsync(new Dictionary<string, string?>());
        using var profile = new TempFolder();

        // Every address but loopback goes to a proxy that is not there: the page must render from the service alone.
        // --virtual-time-budget lets the page run (its fetches pause the virtual clock) before the DOM is printed.
        var run = await ExampleProcess.RunAsync(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.Path}",
                "--proxy-server=http://127.0.0.1:9", "--virtual-time-budget=30000", "--dump-dom", host.Url + "/docs/",
            ],
            profile.Path,
            new Dictionary<string, string?>());

        Assert.True(run.ExitCode == 0, run.Describe());
        // What only Scalar's script, having fetched and read the document, puts on the page: operation summaries and a
        // path (the page renders the sections further down only when they are scrolled to).
        Assert.Contains("Liveness: the process answers", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ask for a script", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("/api/scripts/{jobId}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiOff_ServesNeitherTheDocumentNorThePage()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ScriptService:OpenApi"] = "false" });
        using var document = await host.Http.GetAsync("/openapi/v1.json");
        using var page = await host.Http.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    /// <summary>A small body limit, so that the 413 costs little.</summary>
    private static Task<ServiceHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["ScriptService:MaxRequestBodyBytes"] = "4096";
        return ServiceHost.StartAsync(settings);
    }

    /// <summary>Runs openapi/check.mjs against the host; gives the answers it checked as "METHOD template status media".</summary>
    private static async Task<HashSet<string>> RunCheckAsync(ServiceHost host, string mode, string? token = null)
    {
        await using var node = NodeProcess.StartIn("openapi", "check.mjs", token is null ? [host.Url, mode] : [host.Url, mode, token], host.Describe);
        await node.WaitForSuccessAsync();

        var validated = node.Step("validated");
        Assert.StartsWith("3.1", validated.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(node.Step("examples").GetProperty("count").GetInt32() >= 5, node.Describe());
        return node.Steps("checked")
            .Select(c => $"{NodeProcess.Str(c, "operation")} {c.GetProperty("status").GetInt32()} {NodeProcess.Str(c, "mediaType")}")
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A folder deleted at the end (Chromium's profile).</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("scriptservice-chromium-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
