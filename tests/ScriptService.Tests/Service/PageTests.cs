using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The page at <c>/</c> (<c>src/ScriptService/Page</c>). Headless Chromium (<c>client/page.mjs</c>, playwright-core
/// driving Debian's Chromium) opens it on the real service, submits a job through <c>#generate</c>, sees
/// <c>#progress</c> advance and <c>#result</c> show the script, with no console error, then reloads and finds the job
/// restored from the service's replay. The screenshot goes to <c>artifacts/page/page.png</c>, and also to
/// <c>docs/images/page.png</c> (shown by the README) when <c>UPDATE_PAGE_SCREENSHOT=1</c>.
/// </summary>
public sealed class PageTests
{
    private const string ApiKey = "page-test-api-key-0123456789";

    private static readonly string _chromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string _repository = FindRepository();

    [Fact]
    public async Task Page_SubmitsAJob_ShowsProgressAndTheScript_AndRestoresTheJobAfterAReload()
    {
        RequireChromium();
        await using var host = await ServiceHost.StartAsync();
        var screenshot = Path.Combine(_repository, "artifacts", "page", "page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        await using var node = NodeProcess.Start("page.mjs", [host.Url, screenshot], host.Describe);
        await node.WaitForSuccessAsync();

        await AssertFlowAsync(node, host, token: null);
        Assert.True(new FileInfo(screenshot).Length > 10_000, node.Describe());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot).AsSpan(0, 4).ToArray());
        if (Environment.GetEnvironmentVariable("UPDATE_PAGE_SCREENSHOT") == "1")
        {
            File.Copy(screenshot, Path.Combine(_repository, "docs", "images", "page.png"), overwrite: true);
        }

        // The two languages: the same job, in Vietnamese.
        var vietnamese = node.Step("vietnamese");
        Assert.Equal("Tạo kịch bản", vietnamese.GetProperty("heading").GetString());
        Assert.Equal("Viết kịch bản", vietnamese.GetProperty("submit").GetString());
        Assert.Equal("xong", vietnamese.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Page_WhenTheServiceRequiresAToken_AsksForIt_ThenRunsTheFlowWithIt()
    {
        RequireChromium();
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Authentication:ApiKey"] = ApiKey });
        var screenshot = Path.Combine(_repository, "artifacts", "page", "page-token.png");

        await using var node = NodeProcess.Start("page.mjs", [host.Url, screenshot, ApiKey], host.Describe);
        await node.WaitForSuccessAsync();

        var asked = node.Step("token-asked");
        Assert.Equal("refused", asked.GetProperty("connection").GetString());
        Assert.Contains("token", asked.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        await AssertFlowAsync(node, host, ApiKey);
    }

    [Fact]
    public async Task PageFiles_AreServedWithTheirTypes_AndRevalidated()
    {
        await using var host = await ServiceHost.StartAsync();

        using var page = await host.Http.GetAsync("/").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync().DefaultTimeout();
        foreach (var hook in new[]
        {
            "<form id=\"generate\"", "name=\"topic\"", "name=\"audience\"", "name=\"style\"", "<textarea name=\"sources\"",
            "name=\"language\"", "name=\"length\"", "<progress id=\"progress\"", "<article id=\"result\"",
            "<script src=\"/socket.io/socket.io.min.js\"",
        })
        {
            Assert.Contains(hook, html, StringComparison.Ordinal);
        }

        // Nothing from elsewhere: the page works without the internet.
        Assert.DoesNotContain("://", html, StringComparison.Ordinal);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/");
        revalidate.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var notModified = await host.Http.SendAsync(revalidate).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var script = await host.Http.GetAsync("/page/page.js").DefaultTimeout();
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var styles = await host.Http.GetAsync("/page/page.css").DefaultTimeout();
        Assert.Equal("text/css", styles.Content.Headers.ContentType?.MediaType);
        using var bundle = await host.Http.GetAsync("/socket.io/socket.io.min.js").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        using var head = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    /// <summary>The steps page.mjs printed for the flow, checked against what the service stored.</summary>
    private static async Task AssertFlowAsync(NodeProcess node, ServiceHost host, string? token)
    {
        var loaded = node.Step("loaded");
        Assert.Equal(["topic", "audience", "style", "sources", "language", "length"], loaded.GetProperty("fields").EnumerateArray().Select(static f => f.GetString()));
        Assert.Equal(200, loaded.GetProperty("bundle").GetProperty("status").GetInt32());

        // The body posted is the form's: sources one per line, blank lines dropped, each trimmed.
        var submitted = node.Step("submitted");
        var jobId = submitted.GetProperty("jobId").GetString()!;
        var post = Assert.Single(submitted.GetProperty("posts").EnumerateArray());
        Assert.Equal(jobId, post.GetProperty("jobId").GetString());
        Assert.Equal("Solar power for homes", post.GetProperty("topic").GetString());
        Assert.Equal("students", post.GetProperty("audience").GetString());
        Assert.Equal("storytelling", post.GetProperty("style").GetString());
        Assert.Equal(["https://example.org/solar-basics", "https://example.org/home-batteries"], post.GetProperty("sources").EnumerateArray().Select(static s => s.GetString()));
        Assert.Equal("en", post.GetProperty("language").GetString());
        Assert.Equal("short", post.GetProperty("length").GetString());

        // What the page shows is the stored result.
        using var get = await host.GetJobAsync(jobId, token).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var stored = JsonDocument.Parse(await get.Content.ReadAsStringAsync().DefaultTimeout());
        var data = stored.RootElement.GetProperty("result").GetProperty("data");
        var title = data.GetProperty("title").GetString()!;

        var result = node.Step("result");
        Assert.Equal(title, result.GetProperty("title").GetString());
        Assert.Equal(data.GetProperty("description").GetString(), result.GetProperty("description").GetString());
        var script = data.GetProperty("script").GetString()!;
        var headings = result.GetProperty("headings").EnumerateArray().Select(static h => h.GetString()!).ToList();
        var paragraphs = result.GetProperty("paragraphs").EnumerateArray().Select(static p => p.GetString()!).ToList();
        Assert.NotEmpty(headings);
        Assert.All(headings, h => Assert.Contains("## " + h + "\n", script, StringComparison.Ordinal));
        Assert.All(paragraphs, p => Assert.Contains(p, script, StringComparison.Ordinal));
        Assert.Equal(script.Split('\n').Count(static l => l.Length > 0 && !l.StartsWith("## ", StringComparison.Ordinal)), paragraphs.Count);

        // #progress advanced through the generator's stages (registered before the post: every stage arrives) to 100.
        var progress = result.GetProperty("progress").EnumerateArray().Select(static v => v.GetDouble()).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(static p => p.First <= p.Second), "#progress went back: " + string.Join(", ", progress));
        Assert.Equal(100, progress[^1]);
        Assert.True(progress.Count(static v => v is > 0 and < 100) >= 2, "#progress did not advance in steps: " + string.Join(", ", progress));

        // After the reload: the stored ids only, yet the job's state and title and the script come back (replayed).
        var reloaded = node.Step("reloaded");
        using (var storedJobs = JsonDocument.Parse(reloaded.GetProperty("stored").GetString()!))
        {
            var entry = Assert.Single(storedJobs.RootElement.EnumerateArray());
            Assert.Equal(jobId, entry.GetProperty("id").GetString());
            Assert.False(entry.TryGetProperty("title", out _));
        }

        var job = Assert.Single(reloaded.GetProperty("jobs").EnumerateArray());
        Assert.Equal(jobId, job.GetProperty("id").GetString());
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(title, job.GetProperty("title").GetString());
        Assert.Equal(title, reloaded.GetProperty("title").GetString());

        var problems = node.Step("problems").GetProperty("problems");
        Assert.True(problems.GetArrayLength() == 0, "The page reported problems: " + problems + Environment.NewLine + node.Describe());
    }

    private static void RequireChromium() =>
        Assert.True(
            File.Exists(_chromiumPath),
            $"Chromium is required for the page test and is missing at {_chromiumPath}: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).");

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ScriptService.sln was not found above {AppContext.BaseDirectory}.");
    }
}
