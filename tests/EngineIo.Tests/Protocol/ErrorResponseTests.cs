using System.Net;
using System.Text;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Protocol;

/// <summary>
/// Every refusal the dispatcher answers with the reference's error body <c>{"code":N,"message":"..."}</c>: 400
/// (403 for Forbidden) and exactly <c>application/json</c>.
/// </summary>
public sealed class ErrorResponseTests
{
    private const string UnknownTransport = """{"code":0,"message":"Transport unknown"}""";
    private const string UnknownSid = """{"code":1,"message":"Session ID unknown"}""";
    private const string BadHandshakeMethod = """{"code":2,"message":"Bad handshake method"}""";
    private const string BadRequest = """{"code":3,"message":"Bad request"}""";
    private const string Forbidden = """{"code":4,"message":"Forbidden"}""";
    private const string UnsupportedProtocolVersion = """{"code":5,"message":"Unsupported protocol version"}""";

    [Theory]
    [InlineData("/engine.io/?EIO=4")]
    [InlineData("/engine.io/?EIO=4&transport=")]
    [InlineData("/engine.io/?EIO=4&transport=foo")]
    [InlineData("/engine.io/?EIO=4&transport=Polling")]
    [InlineData("/engine.io/?EIO=4&transport=webtransport")]
    [InlineData("/engine.io/?EIO=4&transport=foo&sid=abc")]
    public async Task Request_UnknownOrMissingTransport_Code0(string url)
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(url).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, UnknownTransport);
    }

    [Theory]
    [InlineData(EngineIoTransports.Polling, "websocket")]
    [InlineData(EngineIoTransports.WebSocket, "polling")]
    public async Task Request_TransportNotAllowedByOptions_Code0(EngineIoTransports allowed, string requested)
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.Transports = allowed);

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url(requested)).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, UnknownTransport);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Request_UnknownSid_Code1(string method)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), EngineIoTestServer.Url(sid: "AAAAAAAAAAAAAAAAAAAA"))
        {
            Content = method == "POST" ? new StringContent("4hello") : null,
        };

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, UnknownSid);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Handshake_NotGet_Code2(string method)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), EngineIoTestServer.Url()) { Content = new StringContent("") };

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, BadHandshakeMethod);
        Assert.Equal(0, server.EngineServer.SessionCount);
    }

    [Fact]
    public async Task Handshake_WebSocketTransportWithoutUpgrade_Code3()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url("websocket")).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, BadRequest);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task PollingRequest_SidOfWebSocketSession_Code3(string method)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, sid, session) = await server.OpenWebSocketSessionAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), EngineIoTestServer.Url(sid: sid))
        {
            Content = method == "POST" ? new StringContent("4hello") : null,
        };

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, BadRequest);
        // The WebSocket session is unaffected and got nothing from the refused request.
        await socket.SendTextAsync("4still-there");
        Assert.Equal("4still-there", await socket.ReceiveTextAsync());
        Assert.Equal("still-there", (await session.NextMessageAsync()).Text);
        Assert.False(session.TryTakeMessage(out _));
    }

    [Fact]
    public async Task PlainWebSocketTransportRequest_SidOfPollingSession_Code3()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url("websocket", sid)).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, BadRequest);
        Assert.True(session.Socket.IsOpen);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Request_OtherMethodWithSid_Code3(string method)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), EngineIoTestServer.Url(sid: sid));

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, BadRequest);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Handshake_AllowRequestRefuses_Code4With403()
    {
        var asked = 0;
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowRequest = context =>
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(context.Request.Headers["x-token"] == "let-me-in");
        });

        using var refused = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        using var allowedRequest = new HttpRequestMessage(HttpMethod.Get, EngineIoTestServer.Url());
        allowedRequest.Headers.Add("x-token", "let-me-in");
        using var allowed = await server.Client.SendAsync(allowedRequest).DefaultTimeout();

        await AssertErrorAsync(refused, HttpStatusCode.Forbidden, Forbidden);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        OpenPacket.Parse(await allowed.Content.ReadAsStringAsync());
        Assert.Equal(2, asked);
        Assert.Equal(1, server.EngineServer.SessionCount);
    }

    [Fact]
    public async Task SessionRequests_AllowRequestNotConsulted()
    {
        var refuse = false;
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowRequest = _ => ValueTask.FromResult(!Volatile.Read(ref refuse)));
        var (sid, session) = await server.OpenPollingSessionAsync();
        Volatile.Write(ref refuse, true);

        using var post = await server.PostAsync(sid, "4hello");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("hello", (await session.NextMessageAsync()).Text);
    }

    [Fact]
    public async Task Handshake_AllowRequestRunsBeforeProtocolVersionCheck()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowRequest = _ => ValueTask.FromResult(false));

        using var response = await server.Client.GetAsync("/engine.io/?EIO=3&transport=polling").DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, Forbidden);
    }

    [Theory]
    [InlineData("/engine.io/?transport=polling")]
    [InlineData("/engine.io/?EIO=3&transport=polling")]
    [InlineData("/engine.io/?EIO=abc&transport=polling")]
    [InlineData("/engine.io/?EIO=04&transport=polling")]
    [InlineData("/engine.io/?EIO=&transport=polling")]
    public async Task Handshake_UnsupportedProtocolVersion_Code5(string url)
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(url).DefaultTimeout();

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, UnsupportedProtocolVersion);
        Assert.Equal(0, server.EngineServer.SessionCount);
    }

    [Fact]
    public async Task Handshake_RepeatedQueryParameters_LastValueWins()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/engine.io/?EIO=3&transport=websocket&EIO=4&transport=polling").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenPacket.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handshake_EmptySid_IsHandshake()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url() + "&sid=").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenPacket.Parse(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA", "Session ID unknown")]
    [InlineData("/engine.io/?EIO=3&transport=websocket", "Unsupported protocol version")]
    [InlineData("/engine.io/?EIO=4&transport=foo", "Transport unknown")]
    public async Task WebSocketHandshake_Refused_Plain400WithMessage(string url, string message)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        using var request = EngineIoTestServer.CreateWebSocketHandshakeRequest(url);

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebSocketHandshake_AllowRequestRefuses_Plain400Forbidden()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowRequest = _ => ValueTask.FromResult(false));
        using var request = EngineIoTestServer.CreateWebSocketHandshakeRequest(EngineIoTestServer.Url("websocket"));

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Forbidden", await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
    }
}
