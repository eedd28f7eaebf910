using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using static TestUtilities.ClientFrame;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// <c>UseEngineIoWebSockets</c> on a real Kestrel listener: the upgrades it takes, everything it must pass through
/// untouched, and the endpoint's refusals, which must read as they do on the standard path.
/// </summary>
public sealed class DenseWebSocketMiddlewareTests
{
    /// <summary>The example key of RFC 6455 section 1.3, and the accept key it gives.</summary>
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string AcceptKey = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static string UpgradeHead(string target, string version = "13", string? extra = null) =>
        $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        $"Sec-WebSocket-Version: {version}\r\nSec-WebSocket-Key: {Key}\r\n{extra}\r\n";

    [Fact]
    public async Task RawHandshake_101WithAcceptKey_ThenEngineIoOverFramesAndACleanClose()
    {
        await using var server = await DenseTestServer.StartAsync();
        server.Handler.Echo = true;
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);

        await connection.SendAsync(UpgradeHead(DenseTestServer.Url()));
        var response = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 101 Switching Protocols", response.StatusLine);
        Assert.Equal(AcceptKey, response.Header("Sec-WebSocket-Accept"));
        Assert.Equal("websocket", response.Header("Upgrade"));
        Assert.Equal("Upgrade", response.Header("Connection"));
        var open = await connection.ReadFrameAsync();
        Assert.Equal(OpText, open.Opcode);
        var sid = OpenPacket.Parse(open.Text).Sid;
        var session = await server.Handler.SessionAsync(sid);
        Assert.Equal(1, server.Log.Taken);

        await connection.SendAsync(Concat(Text("4hé", fin: false), Build(OpPing, "?"u8), Continue("llo")));
        var pong = await connection.ReadFrameAsync();
        Assert.Equal((OpPong, "?"), (pong.Opcode, pong.Text));
        Assert.Equal("4héllo", (await connection.ReadFrameAsync()).Text);
        Assert.Equal("héllo", (await session.NextMessageAsync()).Text);

        await connection.SendAsync(CloseWith(1000));
        Assert.Equal(1000, (await connection.ReadFrameAsync()).CloseCode);
        Assert.True(await connection.ReadEndAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task OtherRequests_OnTheDenseListener_ServedByKestrelAsUsual()
    {
        await using var server = await DenseTestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal("hello", await client.GetStringAsync("/hello").DefaultTimeout());
        using var post = await client.PostAsync("/echo", new StringContent("a body")).DefaultTimeout();
        Assert.Equal("a body", await post.Content.ReadAsStringAsync());
        var polling = await client.GetStringAsync(DenseTestServer.Url("polling")).DefaultTimeout();
        Assert.StartsWith("0{", polling, StringComparison.Ordinal);

        using var echo = new ClientWebSocket();
        await echo.ConnectAsync(new Uri($"ws://127.0.0.1:{server.DensePort}/ws"), CancellationToken.None).DefaultTimeout();
        await echo.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();
        var buffer = new byte[64];
        var result = await echo.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
        Assert.Equal("echo:ping", Encoding.UTF8.GetString(buffer, 0, result.Count));

        Assert.Equal(0, server.Log.Taken);
    }

    [Fact]
    public async Task UnsupportedVersion_PassedOn_AnsweredAsOnTheStandardPath()
    {
        await using var server = await DenseTestServer.StartAsync();
        var head = UpgradeHead(DenseTestServer.Url(), version: "12");

        var dense = await SendOnceAsync(server.DensePort, head);
        var standard = await SendOnceAsync(server.StandardPort, head);

        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)dense.Status);
        Assert.Equal(standard.Body, dense.Body);
        Assert.Equal(standard.Header("Content-Type"), dense.Header("Content-Type"));
        Assert.Equal("Kestrel", dense.Header("Server"));
        Assert.Equal(0, server.Log.Taken);
    }

    [Fact]
    public async Task SecondRequestOnAKeptAliveConnection_ServedByTheStandardPath()
    {
        await using var server = await DenseTestServer.StartAsync();
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);

        await connection.SendAsync("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        Assert.Equal("hello", (await connection.ReadResponseAsync()).Body);
        await connection.SendAsync(UpgradeHead(DenseTestServer.Url()));

        var response = await connection.ReadResponseAsync();
        Assert.Equal(101, response.Status);
        Assert.StartsWith("0{", (await connection.ReadFrameAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(0, server.Log.Taken);
    }

    [Fact]
    public async Task HeadOverKestrelsLimit_PassedOn_KestrelRefusesIt()
    {
        await using var server = await DenseTestServer.StartAsync(kestrel: k => k.Limits.MaxRequestHeadersTotalSize = 1024);

        var response = await SendOnceAsync(server.DensePort, UpgradeHead(DenseTestServer.Url(), extra: $"X-Big: {new string('a', 2000)}\r\n"));

        Assert.Equal(StatusCodes.Status431RequestHeaderFieldsTooLarge, response.Status);
        Assert.Equal(0, server.Log.Taken);
    }

    /// <summary>
    /// A slow head gets one headers timeout in all: the dense path answers 408 itself when it runs out, rather than
    /// hand the connection to Kestrel, whose own timeout would start again from there.
    /// </summary>
    [Fact]
    public async Task HeadNotCompleteInTime_408FromTheDensePath()
    {
        await using var server = await DenseTestServer.StartAsync(kestrel: k => k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);

        await connection.SendAsync(UpgradeHead(DenseTestServer.Url())[..40]);

        var response = await connection.ReadResponseAsync();
        Assert.Equal(StatusCodes.Status408RequestTimeout, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await connection.ReadEndAsync());
        Assert.Equal(1, server.Log.TimedOut);
        Assert.Equal(0, server.Log.Taken);
    }

    [Fact]
    public async Task HeadInPieces_Taken()
    {
        await using var server = await DenseTestServer.StartAsync();
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);
        var head = Encoding.ASCII.GetBytes(UpgradeHead(DenseTestServer.Url()));

        foreach (var piece in head.Chunk(17))
        {
            await connection.SendAsync(piece);
            await Task.Yield();
        }

        Assert.Equal(101, (await connection.ReadResponseAsync()).Status);
        Assert.StartsWith("0{", (await connection.ReadFrameAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(1, server.Log.Taken);
    }

    [Fact]
    public async Task HostStopping_WhilePeeking_StopsPromptly()
    {
        var server = await DenseTestServer.StartAsync();
        await using (server)
        {
            using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);
            await connection.SendAsync("GET /engine.io/?EIO=4");

            var stopping = server.StopAsync();

            // Well within Kestrel's 30-second header timeout, which the peek would otherwise wait for.
            await stopping.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(await connection.ReadEndAsync());
        }
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "/engine.io/?EIO=3&transport=websocket", "Unsupported protocol version" },
        { "/engine.io/?EIO=4&transport=websocket&sid=unknown", "Session ID unknown" },
        { "/engine.io/?EIO=4&transport=bogus", "Transport unknown" },
        { "/engine.io/?EIO=4&transport=websocket&deny=1", "Forbidden" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusal_TakenAndAnsweredAsTheStandardPathAnswers_ThenClosed(string target, string message)
    {
        await using var server = await DenseTestServer.StartAsync(options =>
            options.AllowRequest = context => ValueTask.FromResult(!context.Request.Query.ContainsKey("deny")));

        var standard = await SendOnceAsync(server.StandardPort, UpgradeHead(target));
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);
        await connection.SendAsync(UpgradeHead(target));
        var dense = await connection.ReadResponseAsync();

        Assert.Equal((400, message), (dense.Status, dense.Body));
        Assert.Equal((standard.Status, standard.Body), (dense.Status, dense.Body));
        Assert.Equal(standard.Header("Content-Type"), dense.Header("Content-Type"));
        Assert.Equal("close", dense.Header("Connection"));
        Assert.NotNull(dense.Header("Date"));
        Assert.True(await connection.ReadEndAsync());
        Assert.Equal((1, 1), (server.Log.Taken, server.Log.Refused));
    }

    [Fact]
    public async Task AllowRequest_SeesTheRequestAsOnTheStandardPath()
    {
        HttpContext? seen = null;
        await using var server = await DenseTestServer.StartAsync(options => options.AllowRequest = context =>
        {
            seen = context;
            return ValueTask.FromResult(true);
        });
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);

        await connection.SendAsync(UpgradeHead(DenseTestServer.Url(extra: "&token=abc"), extra: "Origin: http://app.example\r\n"));
        Assert.Equal(101, (await connection.ReadResponseAsync()).Status);

        var request = seen!.Request;
        Assert.Equal(("GET", "http", "/engine.io/", "abc"), (request.Method, request.Scheme, request.Path.Value, request.Query["token"].ToString()));
        Assert.Equal("http://app.example", request.Headers.Origin.ToString());
        Assert.Equal("127.0.0.1", request.Host.Host);
        Assert.Equal(IPAddress.Loopback, seen.Connection.RemoteIpAddress);
        Assert.Equal(server.DensePort, seen.Connection.LocalPort);
        Assert.False(string.IsNullOrEmpty(seen.Connection.Id));
        Assert.Same(server.Services.GetService(typeof(TimeProvider)), seen.RequestServices.GetService(typeof(TimeProvider)));
        Assert.True(seen.WebSockets.IsWebSocketRequest);
    }

    [Fact]
    public async Task Cors_HeadersSetBeforeTheAccept_SentWithThe101()
    {
        await using var server = await DenseTestServer.StartAsync(options => options.Cors = new EngineIoCorsOptions { AllowedOrigins = { "http://app.example" } });
        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);

        await connection.SendAsync(UpgradeHead(DenseTestServer.Url(), extra: "Origin: http://app.example\r\n"));

        var response = await connection.ReadResponseAsync();
        Assert.Equal(101, response.Status);
        Assert.Equal("http://app.example", response.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task DeflateOffered_EndpointCompresses_ServedByTheStandardPathWithDeflate()
    {
        await using var server = await DenseTestServer.StartAsync(options => options.PerMessageDeflate = true);

        var socket = await server.ConnectAsync(configure: o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());

        Assert.Contains("permessage-deflate", string.Join(",", socket.Socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]), StringComparison.Ordinal);
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, server.Log.Taken);
    }

    [Fact]
    public async Task AcceptedSocket_LetsGoOfItsHttpContext_UnlikeTheStandardPath()
    {
        var contexts = new List<WeakReference<HttpContext>>();
        await using var server = await DenseTestServer.StartAsync(options => options.AllowRequest = context =>
        {
            lock (contexts)
            {
                contexts.Add(new WeakReference<HttpContext>(context));
            }

            return ValueTask.FromResult(true);
        });
        server.Handler.Echo = true;
        var (dense, _, _) = await server.OpenSessionAsync();
        var standard = await server.ConnectAsync(port: server.StandardPort);
        Assert.StartsWith("0{", await standard.ReceiveTextAsync(), StringComparison.Ordinal);

        // Both sessions are idle and open; each has answered a message, so every frame is in its waiting state.
        await dense.SendTextAsync("4a");
        Assert.Equal("4a", await dense.ReceiveTextAsync());
        await standard.SendTextAsync("4b");
        Assert.Equal("4b", await standard.ReceiveTextAsync());
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(contexts[0].TryGetTarget(out _), "The dense path's request is still referenced.");
        Assert.True(contexts[1].TryGetTarget(out _), "Kestrel keeps the standard path's request while its WebSocket is open.");
    }

    /// <summary>Sends one request on a fresh connection and reads the response.</summary>
    private static async Task<RawResponse> SendOnceAsync(int port, string head)
    {
        using var connection = await RawHttpConnection.ConnectAsync(port);
        await connection.SendAsync(head);
        return await connection.ReadResponseAsync();
    }
}
