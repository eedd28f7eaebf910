using System.Net;
using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>Test 9 (the rest): allowed origins, the POST rate limit, and the health endpoints.</summary>
public sealed class EdgeTests
{
    private const string Allowed = "http://allowed.example";

    private static readonly Dictionary<string, string?> _originSettings = new() { ["ScriptService:AllowedOrigins:0"] = Allowed };

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    [InlineData("upgrade")]
    public async Task Connect_FromAnotherOrigin_IsRefused(string mode)
    {
        await using var host = await ServiceHost.StartAsync(_originSettings);
        await using var node = NodeDriver.Start(host);
        await node.ConnectRefusedAsync("evil", mode, extraHeaders: new JsonObject { ["Origin"] = "http://evil.example" });
        Assert.Empty(node.Events("evil", "connection_ack"));
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("upgrade")]
    public async Task Connect_FromAllowedOriginOrWithoutOrigin_Connects(string mode)
    {
        await using var host = await ServiceHost.StartAsync(_originSettings);
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("allowed", mode, extraHeaders: new JsonObject { ["Origin"] = Allowed });
        await node.ConnectAsync("no-origin", mode);
        if (mode == "upgrade")
        {
            await node.EventAsync("allowed", "upgrade");
        }
    }

    [Fact]
    public async Task WebSocketUpgrade_FromAnotherOrigin_IsRefusedByTheServer()
    {
        await using var host = await ServiceHost.StartAsync(_originSettings);
        var uri = new Uri(host.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/socket.io/?EIO=4&transport=websocket");

        using (var evil = new System.Net.WebSockets.ClientWebSocket())
        {
            evil.Options.SetRequestHeader("Origin", "http://evil.example");
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => evil.ConnectAsync(uri, CancellationToken.None).DefaultTimeout());
        }

        using var allowed = new System.Net.WebSockets.ClientWebSocket();
        allowed.Options.SetRequestHeader("Origin", Allowed);
        await allowed.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        var buffer = new byte[1024];
        var open = await allowed.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
        Assert.Equal((byte)'0', buffer[0]);
        Assert.True(open.Count > 1);
    }

    [Fact]
    public async Task Cors_PreflightFromAnotherOrigin_IsNotAllowed()
    {
        await using var host = await ServiceHost.StartAsync(_originSettings);
        foreach (var (origin, allowed) in new[] { ("http://evil.example", false), (Allowed, true) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/scripts");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await host.Http.SendAsync(request);
            var header = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
            Assert.Equal(allowed ? origin : null, header);
        }
    }

    [Fact]
    public async Task Post_OverPostsPerMinute_Returns429Problem()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:PostsPerMinute"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()));
        }

        var jobId = Scripts.NewJobId();
        using var limited = await host.PostAsync(Scripts.Body(jobId));
        var problem = await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Expect.SafeMessage(problem.GetProperty("detail").GetString() ?? "");
        Assert.True(limited.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");

        // Refused before it was read: not stored. GETs are not limited.
        using var get = await host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var health = await host.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Post_OverPostsPerMinuteWithMadeUpAuthorizationHeaders_AuthOff_IsStillLimited()
    {
        // With authentication off a bearer token means nothing; a client must not escape its limit by inventing one.
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:PostsPerMinute"] = "3" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), token: "made-up-" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task HealthAndReadiness_ServiceUp_Return200()
    {
        await using var host = await ServiceHost.StartAsync();
        using var health = await host.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        using var ready = await host.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthAndReadiness_AuthOn_NeedNoToken()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Authentication:ApiKey"] = "k-123456" });
        using var health = await host.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await host.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
