using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// <c>ScriptService:ForwardedHeaders</c>: behind a trusted proxy (HAProxy's <c>option forwardfor</c>) the POST rate limit
/// counts the client the proxy names; without it, or from any other address, <c>X-Forwarded-For</c> is ignored.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int Allowance = 2;

    [Theory]
    [InlineData("ScriptService:ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ScriptService:ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    // Set as one value, as an environment variable without its index would set it: a comma-separated list.
    [InlineData("ScriptService:ForwardedHeaders:KnownProxies", "127.0.0.1")]
    [InlineData("ScriptService:ForwardedHeaders:KnownNetworks", "10.9.0.0/16, 127.0.0.0/8")]
    public async Task Post_FromTrustedProxy_EachForwardedClientHasItsOwnAllowance(string key, string value)
    {
        await using var host = await StartAsync(new() { [key] = value });

        Assert.Equal(Accepted(Allowance, limited: 1), await PostManyAsync(host, Allowance + 1, _ => "203.0.113.1"));

        // Another client behind the same proxy still has its whole allowance.
        Assert.Equal(Accepted(Allowance, limited: 1), await PostManyAsync(host, Allowance + 1, _ => "203.0.113.2"));
    }

    [Fact]
    public async Task Post_FromTrustedProxy_OnlyTheAddressTheProxyAppendedCounts()
    {
        // The client may send its own X-Forwarded-For; the proxy appends the address it saw, and only that one is believed.
        await using var host = await StartAsync(new() { ["ScriptService:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        var statuses = await PostManyAsync(host, Allowance + 2, i => "198.51.100." + (i + 1) + ", 203.0.113.1");

        Assert.Equal(Accepted(Allowance, limited: 2), statuses);
    }

    [Fact]
    public async Task Post_NoTrustedProxy_ForgedForwardedForIsIgnored()
    {
        await using var host = await StartAsync([]);

        var statuses = await PostManyAsync(host, Allowance + 2, i => "203.0.113." + (i + 1));

        Assert.Equal(Accepted(Allowance, limited: 2), statuses);
    }

    [Fact]
    public async Task Post_FromAnAddressThatIsNotATrustedProxy_ForgedForwardedForIsIgnored()
    {
        // The test client connects from 127.0.0.1, which is not the configured proxy (loopback is not trusted by default).
        await using var host = await StartAsync(new()
        {
            ["ScriptService:ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
            ["ScriptService:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        });

        var statuses = await PostManyAsync(host, Allowance + 2, i => "203.0.113." + (i + 1));

        Assert.Equal(Accepted(Allowance, limited: 2), statuses);
    }

    [Theory]
    [InlineData("ScriptService:ForwardedHeaders:KnownProxies:0", "haproxy.local", "ScriptService:ForwardedHeaders:KnownProxies:0 (ScriptService__ForwardedHeaders__KnownProxies__0) is \"haproxy.local\"; it must be an IP address")]
    [InlineData("ScriptService:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ScriptService:ForwardedHeaders:KnownNetworks:0 (ScriptService__ForwardedHeaders__KnownNetworks__0) is \"10.0.0.0/33\"; it must be a network in CIDR notation")]
    public async Task Start_TrustedProxyNotAnAddress_FailsWithAMessageNamingTheKey(string key, string value, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static Task<ServiceHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["ScriptService:PostsPerMinute"] = Allowance.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ServiceHost.StartAsync(settings);
    }

    private static (int Accepted, int Limited) Accepted(int accepted, int limited) => (accepted, limited);

    private static async Task<(int Accepted, int Limited)> PostManyAsync(ServiceHost host, int count, Func<int, string> forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/scripts")
            {
                Content = new StringContent(Scripts.Body(Scripts.NewJobId()).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor(i));
            using var response = await host.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        var unexpected = statuses.Where(s => s is not (HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)).ToList();
        Assert.True(unexpected.Count == 0, "unexpected statuses: " + string.Join(", ", unexpected));
        return (statuses.Count(s => s == HttpStatusCode.Accepted), statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
