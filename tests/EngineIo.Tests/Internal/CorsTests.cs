using System.Net;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Internal;

/// <summary>Cross-origin headers from <see cref="EngineIoOptions.Cors"/>, preflights answered by the endpoint itself.</summary>
public sealed class CorsTests
{
    private const string Origin = "http://app.example";

    [Fact]
    public async Task Preflight_AllowedOrigin_204WithAllowHeaders()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.AllowCredentials = true;
            cors.AllowedHeaders.Add("my-header");
            cors.AllowedHeaders.Add("x-other");
        });

        using var response = await server.Client.SendAsync(Preflight(EngineIoTestServer.Url())).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST,OPTIONS", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("my-header,x-other", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin", Header(response, "Vary"));
        Assert.Null(Header(response, "Access-Control-Max-Age"));
        Assert.Equal(0, server.EngineServer.SessionCount);
    }

    [Fact]
    public async Task Preflight_NoAllowedHeadersConfigured_EchoesRequestedHeaders()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.PreflightMaxAge = TimeSpan.FromMinutes(10);
        });
        using var request = Preflight(EngineIoTestServer.Url());
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-token");

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("content-type,x-token", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("Origin,Access-Control-Request-Headers", Header(response, "Vary"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_WithSid_AnsweredBeforeSessionChecks()
    {
        await using var server = await StartAsync(cors => cors.AllowedOrigins.Add(Origin));

        using var response = await server.Client.SendAsync(Preflight(EngineIoTestServer.Url(sid: "AAAAAAAAAAAAAAAAAAAA"))).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ActualRequest_AllowedOrigin_CarriesAllowOriginOnly()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.AllowCredentials = true;
            cors.AllowedHeaders.Add("my-header");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url());
        request.Headers.Add("Origin", Origin);

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenPacket.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
        Assert.Null(Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task ErrorResponse_AllowedOrigin_CarriesAllowOrigin()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.AllowCredentials = true;
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url(sid: "AAAAAAAAAAAAAAAAAAAA"));
        request.Headers.Add("Origin", Origin);

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task DisallowedOrigin_NoCorsHeaders()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.AllowCredentials = true;
        });
        using var preflight = Preflight(EngineIoTestServer.Url(), "http://evil.example");
        using var get = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url());
        get.Headers.Add("Origin", "http://evil.example");

        using var preflightResponse = await server.Client.SendAsync(preflight).DefaultTimeout();
        using var getResponse = await server.Client.SendAsync(get).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        foreach (var response in new[] { preflightResponse, getResponse })
        {
            Assert.DoesNotContain(response.Headers, static header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task WebSocketHandshake_AllowedOrigin_101CarriesAllowOrigin()
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add(Origin);
            cors.AllowCredentials = true;
        });
        var client = new System.Net.WebSockets.ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        client.Options.SetRequestHeader("Origin", Origin);
        using var socket = new TestWebSocket(client);

        await client.ConnectAsync(new Uri(new UriBuilder(server.BaseAddress) { Scheme = "ws" }.Uri, EngineIoTestServer.Url("websocket")), CancellationToken.None).DefaultTimeout();

        Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
        Assert.Equal([Origin], client.HttpResponseHeaders!["Access-Control-Allow-Origin"]);
        OpenPacket.Parse(await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData(false, "*")]
    [InlineData(true, Origin)]
    public async Task WildcardOrigin_EchoesOriginOnlyWithCredentials(bool allowCredentials, string expected)
    {
        await using var server = await StartAsync(cors =>
        {
            cors.AllowedOrigins.Add("*");
            cors.AllowCredentials = allowCredentials;
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url());
        request.Headers.Add("Origin", Origin);

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(expected, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(allowCredentials ? "Origin" : null, Header(response, "Vary"));
    }

    [Fact]
    public async Task NotConfigured_NoCorsHeadersAndOptionsHandshakeRefused()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url());
        get.Headers.Add("Origin", Origin);

        using var preflightResponse = await server.Client.SendAsync(Preflight(EngineIoTestServer.Url())).DefaultTimeout();
        using var getResponse = await server.Client.SendAsync(get).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, preflightResponse.StatusCode);
        Assert.Equal("""{"code":2,"message":"Bad handshake method"}""", await preflightResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        foreach (var response in new[] { preflightResponse, getResponse })
        {
            Assert.DoesNotContain(response.Headers, static header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static Task<EngineIoTestServer> StartAsync(Action<EngineIoCorsOptions> configure) =>
        EngineIoTestServer.StartAsync(options =>
        {
            options.Cors = new EngineIoCorsOptions();
            configure(options.Cors);
        });

    private static HttpRequestMessage Preflight(string url, string origin = Origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return request;
    }

    /// <summary>A response header's values joined with commas, or null if it is absent.</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
