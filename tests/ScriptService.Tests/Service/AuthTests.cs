using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>Test 9 (auth): the optional API key, and HS256 JWTs whose <c>sub</c> owns the jobs it creates.</summary>
public sealed class AuthTests
{
    private const string ApiKey = "test-api-key-0123456789";
    private const string Secret = "a-test-signing-secret-that-is-long-enough-0123456789";

    private static readonly Dictionary<string, string?> _apiKeySettings = new() { ["ScriptService:Authentication:ApiKey"] = ApiKey };
    private static readonly Dictionary<string, string?> _jwtSettings = new() { ["ScriptService:Authentication:JwtSigningKey"] = Secret };

    public static TheoryData<string, string?> BadApiKeyTokens => new()
    {
        { "no auth at all", null },
        { "wrong key", "not-the-key" },
        { "key with a suffix", ApiKey + "x" },
        { "empty", "" },
    };

    [Theory]
    [MemberData(nameof(BadApiKeyTokens))]
    public async Task Connect_ApiKeyMissingOrWrong_IsRefusedWithConnectError(string what, string? token)
    {
        await using var host = await ServiceHost.StartAsync(_apiKeySettings);
        await using var node = NodeDriver.Start(host);

        var refused = await node.ConnectRefusedAsync("a", auth: token is null ? null : new JsonObject { ["token"] = token });
        Assert.False(string.IsNullOrEmpty(NodeProcess.Str(refused, "message")), what);
        Assert.Empty(node.Events("a", "connection_ack"));
    }

    [Fact]
    public async Task Connect_TokenNotAString_IsRefused()
    {
        await using var host = await ServiceHost.StartAsync(_apiKeySettings);
        await using var node = NodeDriver.Start(host);
        await node.ConnectRefusedAsync("a", auth: new JsonObject { ["token"] = 12345 });
        await node.ConnectRefusedAsync("b", auth: new JsonObject { ["token"] = new JsonObject { ["key"] = ApiKey } });
    }

    [Theory]
    [MemberData(nameof(BadApiKeyTokens))]
    public async Task PostAndGet_ApiKeyMissingOrWrong_Return401Problem(string what, string? token)
    {
        await using var host = await ServiceHost.StartAsync(_apiKeySettings);
        var jobId = Scripts.NewJobId();

        using var post = await host.PostAsync(Scripts.Body(jobId), token: token);
        await Expect.ProblemAsync(post, HttpStatusCode.Unauthorized);
        using var get = await host.GetJobAsync(jobId, token);
        await Expect.ProblemAsync(get, HttpStatusCode.Unauthorized);

        // Nothing was stored.
        using var check = await host.GetJobAsync(jobId, ApiKey);
        Assert.True(check.StatusCode == HttpStatusCode.NotFound, what);
    }

    [Fact]
    public async Task Post_ApiKeyInAnotherScheme_Returns401()
    {
        await using var host = await ServiceHost.StartAsync(_apiKeySettings);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/scripts") { Content = JsonContent(Scripts.Body(Scripts.NewJobId())) };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKey);
        using var response = await host.Http.SendAsync(request);
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Flow_ValidApiKey_ConnectsPostsAndGetsTheResult()
    {
        await using var host = await ServiceHost.StartAsync(_apiKeySettings);
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var ack = await node.ConnectAsync("a", auth: new JsonObject { ["token"] = ApiKey });
        Assert.Equal("success", ack.GetProperty("ack").GetProperty("status").GetString());
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Keyed topic"), ApiKey);
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Keyed topic");

        using var get = await host.GetJobAsync(jobId, ApiKey);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    public static TheoryData<string> BadJwts => new()
    {
        "expired",
        "no exp",
        "wrong secret",
        "no sub",
        "alg none",
        "tampered payload",
        "not a jwt",
    };

    [Theory]
    [MemberData(nameof(BadJwts))]
    public async Task Jwt_Invalid_IsRefusedOnSocketAndHttp(string what)
    {
        var token = BadJwt(what);
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);

        await node.ConnectRefusedAsync("a", auth: new JsonObject { ["token"] = token });
        using var post = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), token);
        await Expect.ProblemAsync(post, HttpStatusCode.Unauthorized);
        using var get = await host.GetJobAsync(Scripts.NewJobId(), token);
        await Expect.ProblemAsync(get, HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// Job ids are each user's own: whatever Bob does with the id of Alice's job (register it before or after it
    /// exists, read it, post it with her body or another), he is answered exactly as for an id nobody has used, and
    /// nothing of hers reaches him; nothing of his reaches her.
    /// </summary>
    [Fact]
    public async Task Jwt_OtherUsersJobId_RevealsNothingAndIsTheUsersOwnId()
    {
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);
        var alice = Jwt.Create(Secret, "alice", DateTimeOffset.UtcNow.AddHours(1));
        var bob = Jwt.Create(Secret, "bob", DateTimeOffset.UtcNow.AddHours(1));
        var aliceJob = Scripts.NewJobId("alice");
        var bobSentinel = Scripts.NewJobId("bob_sentinel");

        await node.ConnectAsync("alice", auth: new JsonObject { ["token"] = alice });
        await node.ConnectAsync("bob", auth: new JsonObject { ["token"] = bob });
        Expect.AckSuccess(await node.RegisterAsync("alice", aliceJob), aliceJob);

        // Bob registers for Alice's id before it exists, and for a job of his own.
        Expect.AckSuccess(await node.RegisterAsync("bob", aliceJob), aliceJob);
        Expect.AckSuccess(await node.RegisterAsync("bob", bobSentinel), bobSentinel);

        await host.PostAcceptedAsync(Scripts.Body(aliceJob, "Alice's secret topic"), alice);
        await host.PostAcceptedAsync(Scripts.Body(bobSentinel, "Bob's topic"), bob);
        var aliceResult = await node.ResultAsync("alice", aliceJob);
        Expect.Succeeded(aliceResult, aliceJob, "Alice's secret topic");
        Expect.Succeeded(await node.ResultAsync("bob", bobSentinel), bobSentinel, "Bob's topic");

        // One worker: Bob's job finished after Alice's, so her result would have reached him by now.
        Assert.Equal([bobSentinel], node.ResultJobIds("bob"));

        // Registering once her job exists is answered as for a fresh id, and replays nothing.
        var freshId = Scripts.NewJobId("fresh");
        await node.ConnectAsync("bob2", auth: new JsonObject { ["token"] = bob });
        Expect.AckSuccess(await node.RegisterAsync("bob2", aliceJob), aliceJob);
        Expect.AckSuccess(await node.RegisterAsync("bob2", freshId), freshId);
        var bobSentinel2 = Scripts.NewJobId("bob_sentinel2");
        Expect.AckSuccess(await node.RegisterAsync("bob2", bobSentinel2), bobSentinel2);
        await host.PostAcceptedAsync(Scripts.Body(bobSentinel2, "Bob again"), bob);
        await node.ResultAsync("bob2", bobSentinel2);
        Assert.Equal([bobSentinel2], node.ResultJobIds("bob2"));

        // GET: 404 for him, as for a fresh id; hers for her.
        await AssertSameAnswerAsync(() => host.GetJobAsync(aliceJob, bob), () => host.GetJobAsync(freshId, bob), HttpStatusCode.NotFound);
        using (var get = await host.GetJobAsync(aliceJob, alice))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("succeeded", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        }

        // POST of her id, with her very body: 202 queued, as a fresh id gets; it is his own job, and runs for him.
        await AssertSameAnswerAsync(
            () => host.PostAsync(Scripts.Body(aliceJob, "Alice's secret topic"), bob),
            () => host.PostAsync(Scripts.Body(freshId, "Alice's secret topic"), bob),
            HttpStatusCode.Accepted);
        Expect.Succeeded(await node.ResultAsync("bob2", aliceJob), aliceJob, "Alice's secret topic");
        Expect.Succeeded(await node.ResultAsync("bob2", freshId), freshId, "Alice's secret topic");
        Assert.NotEqual(
            aliceResult.GetProperty("data").GetProperty("scriptId").GetString(),
            (await node.ResultAsync("bob2", aliceJob)).GetProperty("data").GetProperty("scriptId").GetString());

        // Her job is untouched, her idempotent repost still 202; his result never reached her sockets.
        using (var post = await host.PostAsync(Scripts.Body(aliceJob, "Alice's secret topic"), alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        using (var conflict = await host.PostAsync(Scripts.Body(aliceJob, "Another topic"), alice))
        {
            await Expect.ProblemAsync(conflict, HttpStatusCode.Conflict);
        }

        await node.ConnectAsync("alice2", auth: new JsonObject { ["token"] = alice });
        Expect.AckSuccess(await node.RegisterAsync("alice2", aliceJob), aliceJob);
        Assert.Equal(aliceResult.GetRawText(), (await node.ResultAsync("alice2", aliceJob)).GetRawText());
        Assert.Equal(1, node.ResultCount("alice", aliceJob));
        Assert.Equal([aliceJob], node.ResultJobIds("alice"));
    }

    [Fact]
    public async Task Jwt_ProgressOfAnotherUsersJob_NeverReachesTheirSockets()
    {
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:Authentication:JwtSigningKey"] = Secret;
        await using var host = await ServiceHost.StartAsync(settings);
        await using var node = NodeDriver.Start(host);
        var alice = Jwt.Create(Secret, "alice", DateTimeOffset.UtcNow.AddHours(1));
        var bob = Jwt.Create(Secret, "bob", DateTimeOffset.UtcNow.AddHours(1));
        var aliceJob = Scripts.NewJobId("alice");
        var bobJob = Scripts.NewJobId("bob");

        await node.ConnectAsync("alice", auth: new JsonObject { ["token"] = alice });
        await node.ConnectAsync("bob", auth: new JsonObject { ["token"] = bob });
        Expect.AckSuccess(await node.RegisterAsync("alice", aliceJob), aliceJob);
        Expect.AckSuccess(await node.RegisterAsync("bob", aliceJob), aliceJob);
        Expect.AckSuccess(await node.RegisterAsync("bob", bobJob), bobJob);

        // Alice's job reports its first stages, then waits on the model.
        await host.PostAcceptedAsync(Scripts.Body(aliceJob, "Alice's topic"), alice);
        await llm.NextRequestAsync();
        await node.EventAsync("alice", "scriptProgress");

        // Bob's job runs after hers (one worker), on the same socket that registered her id: by his result, anything
        // of hers sent to him would have arrived.
        await host.PostAcceptedAsync(Scripts.Body(bobJob, "Bob's topic"), bob);
        llm.Release();
        Expect.Succeeded(await node.ResultAsync("alice", aliceJob), aliceJob, "Alice's topic");
        Expect.Succeeded(await node.ResultAsync("bob", bobJob), bobJob, "Bob's topic");

        // What counts is what never came: none of hers.
        var bobsProgress = node.Events("bob", "scriptProgress").Select(e => e.GetProperty("progress").GetProperty("job_id").GetString()).ToList();
        Assert.All(bobsProgress, jobId => Assert.Equal(bobJob, jobId));
        Assert.All(node.Events("alice", "scriptProgress"), e => Assert.Equal(aliceJob, e.GetProperty("progress").GetProperty("job_id").GetString()));
        Assert.Equal([bobJob], node.ResultJobIds("bob"));
    }

    /// <summary>Two requests that must not differ observably: same status, same headers' names, same body shape.</summary>
    private static async Task AssertSameAnswerAsync(Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second, HttpStatusCode expected)
    {
        using var a = await first();
        using var b = await second();
        var bodyA = await a.Content.ReadAsStringAsync();
        var bodyB = await b.Content.ReadAsStringAsync();
        Assert.True(a.StatusCode == expected && b.StatusCode == expected, $"expected {(int)expected} twice, got {(int)a.StatusCode} '{bodyA}' and {(int)b.StatusCode} '{bodyB}'");
        Assert.Equal(a.Content.Headers.ContentType?.MediaType, b.Content.Headers.ContentType?.MediaType);
        Assert.Equal(a.Headers.Select(h => h.Key).Order(), b.Headers.Select(h => h.Key).Order());
        Assert.Equal(Shape(bodyA), Shape(bodyB));
    }

    /// <summary>A body with its ids and trace ids blanked, to compare what the two answers say.</summary>
    private static string Shape(string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        foreach (var name in new[] { "jobId", "detail", "traceId" })
        {
            if (node.ContainsKey(name))
            {
                node[name] = "*";
            }
        }

        return node.ToJsonString();
    }

    /// <summary>
    /// RFC 7519 makes <c>exp</c> a NumericDate, "a JSON numeric value" that may be non-integer: an expired token must be
    /// refused whatever the number's form.
    /// </summary>
    [Theory]
    [InlineData("fractional")]
    [InlineData("exponent")]
    public async Task Jwt_ExpiredWithNonIntegerExp_IsRefused(string form)
    {
        var expired = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var exp = form == "fractional"
            ? JsonNode.Parse(expired.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".5")
            : JsonNode.Parse((expired / 10.0).ToString("0.0########", System.Globalization.CultureInfo.InvariantCulture) + "e1");
        var token = Jwt.Create(Secret, new JsonObject { ["sub"] = "alice", ["exp"] = exp });
        await using var host = await ServiceHost.StartAsync(_jwtSettings);

        using var post = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), token);
        await Expect.ProblemAsync(post, HttpStatusCode.Unauthorized);
        await using var node = NodeDriver.Start(host);
        await node.ConnectRefusedAsync("a", auth: new JsonObject { ["token"] = token });
    }

    [Fact]
    public async Task Jwt_WithoutExp_IsRefused()
    {
        // A token that never expires could not be taken back short of changing the secret.
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);
        var token = Jwt.Create(Secret, "carol");
        await node.ConnectRefusedAsync("a", auth: new JsonObject { ["token"] = token });
        using var post = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), token);
        await Expect.ProblemAsync(post, HttpStatusCode.Unauthorized);

        // The same user with an exp is let in.
        var expiring = Jwt.Create(Secret, "carol", DateTimeOffset.UtcNow.AddHours(1));
        await node.ConnectAsync("b", auth: new JsonObject { ["token"] = expiring });
        await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()), expiring);
    }

    [Theory]
    [InlineData("api key", "{\"token\":\"\\ud800\"}")]
    [InlineData("jwt", "{\"token\":\"ey\\udfffJ.x.y\"}")]
    [InlineData("api key", "{\"\\ud800ab\":1,\"token\":\"wrong\"}")]
    public async Task Connect_TokenWithLoneSurrogate_IsRefusedAsAnyBadTokenWithoutLogging(string what, string authJson)
    {
        await using var host = await ServiceHost.StartAsync(what == "jwt" ? _jwtSettings : _apiKeySettings);
        await using var node = NodeDriver.Start(host);

        var refused = await node.ConnectRefusedAsync("a", authJson: authJson);
        Assert.StartsWith("Authentication failed", NodeProcess.Str(refused, "message"), StringComparison.Ordinal);
        Assert.Empty(host.Logs.Find("   at "));
        Assert.Empty(host.Logs.Find(" Error "));
    }

    private static string BadJwt(string what)
    {
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1);
        switch (what)
        {
            case "expired":
                return Jwt.Create(Secret, "alice", DateTimeOffset.UtcNow.AddMinutes(-5));
            case "no exp":
                return Jwt.Create(Secret, "alice");
            case "wrong secret":
                return Jwt.Create(Secret + "-other", "alice", inAnHour);
            case "no sub":
                return Jwt.Create(Secret, null, inAnHour);
            case "alg none":
                var parts = Jwt.Create(Secret, "alice", inAnHour, algorithm: "none").Split('.');
                return parts[0] + "." + parts[1] + ".";
            case "tampered payload":
                var valid = Jwt.Create(Secret, "alice", inAnHour).Split('.');
                var other = Jwt.Create(Secret, "mallory", inAnHour).Split('.');
                return valid[0] + "." + other[1] + "." + valid[2];
            default:
                return "not-a-jwt";
        }
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
