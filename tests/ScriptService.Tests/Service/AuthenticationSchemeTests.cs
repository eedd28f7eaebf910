using System.Net;
using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// One authentication scheme for HTTP, sockets and the rate limiter: a bearer token on the Engine.IO handshake
/// authenticates a socket as it does an API request, the socket's user owns the same jobs as the HTTP user, and the
/// POST allowance follows the user the scheme found, not the header's text.
/// </summary>
public sealed class AuthenticationSchemeTests
{
    private const string Secret = "a-test-signing-secret-that-is-long-enough-0123456789";

    private static readonly Dictionary<string, string?> _jwtSettings = new() { ["ScriptService:Authentication:JwtSigningKey"] = Secret };

    private static string Token(string subject) => Jwt.Create(Secret, subject, DateTimeOffset.UtcNow.AddHours(1));

    private static JsonObject Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    [Fact]
    public async Task Socket_BearerOnThePollingHandshake_IsTheUserWithoutAnAuthPayload()
    {
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);
        var alice = Token("alice");
        var jobId = Scripts.NewJobId();

        await node.ConnectAsync("alice", mode: "polling", extraHeaders: Bearer(alice));
        Expect.AckSuccess(await node.RegisterAsync("alice", jobId), jobId);

        // The HTTP user and the socket's are the same user: her POST's job is the one her socket registered.
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Handshake topic"), alice);
        Expect.Succeeded(await node.ResultAsync("alice", jobId), jobId, "Handshake topic");
    }

    [Fact]
    public async Task Socket_BearerOnTheHandshakeOfAnotherUser_GetsNothingOfTheirs()
    {
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();
        var sentinel = Scripts.NewJobId("sentinel");

        await node.ConnectAsync("bob", mode: "polling", extraHeaders: Bearer(Token("bob")));
        Expect.AckSuccess(await node.RegisterAsync("bob", jobId), jobId);
        Expect.AckSuccess(await node.RegisterAsync("bob", sentinel), sentinel);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Alice's topic"), Token("alice"));
        await host.PostAcceptedAsync(Scripts.Body(sentinel, "Bob's topic"), Token("bob"));

        // One worker: Alice's job finished first, so it would have reached him by now.
        await node.ResultAsync("bob", sentinel);
        Assert.Equal([sentinel], node.ResultJobIds("bob"));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("expired")]
    public async Task Socket_BadBearerOnTheHandshakeAndNoAuthPayload_IsRefused(string what)
    {
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);
        var token = what == "expired" ? Jwt.Create(Secret, "alice", DateTimeOffset.UtcNow.AddMinutes(-1)) : what;

        await node.ConnectRefusedAsync("a", mode: "polling", extraHeaders: Bearer(token));
    }

    [Fact]
    public async Task Socket_AuthPayloadAndHandshakeBearer_ThePayloadDecides()
    {
        await using var host = await ServiceHost.StartAsync(_jwtSettings);
        await using var node = NodeDriver.Start(host);

        // A bad payload token is refused even with a good handshake header: what the client put in the payload is its claim.
        await node.ConnectRefusedAsync("a", mode: "polling", auth: new JsonObject { ["token"] = "bad" }, extraHeaders: Bearer(Token("alice")));
        await node.ConnectAsync("b", mode: "polling", auth: new JsonObject { ["token"] = Token("alice") }, extraHeaders: Bearer("bad"));
    }

    [Fact]
    public async Task RateLimit_EachUserHasTheirOwnAllowance()
    {
        var settings = new Dictionary<string, string?>(_jwtSettings) { ["ScriptService:PostsPerMinute"] = "2" };
        await using var host = await ServiceHost.StartAsync(settings);
        var alice = Token("alice");
        var bob = Token("bob");

        await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()), alice);
        await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()), alice);
        using (var limited = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), alice))
        {
            await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        }

        // Bob, from the same address, has his own; so has a second token of Alice's, which is Alice.
        await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()), bob);
        using (var limited = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), Jwt.Create(Secret, "alice", DateTimeOffset.UtcNow.AddHours(2))))
        {
            await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        }
    }

    [Fact]
    public async Task RateLimit_BadTokens_CountAgainstTheAddress()
    {
        var settings = new Dictionary<string, string?>(_jwtSettings) { ["ScriptService:PostsPerMinute"] = "2" };
        await using var host = await ServiceHost.StartAsync(settings);

        // A token the scheme refuses buys no allowance of its own: each made-up one counts against the address.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await host.PostAsync(Scripts.Body(Scripts.NewJobId()), token: "made-up-" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
