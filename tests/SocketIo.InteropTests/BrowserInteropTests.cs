using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Scenario 7: headless Chromium loads a page from the test server that connects with the socket.io-client browser
/// bundle (default transports: polling, then the upgrade to WebSocket), emits with an ack and receives an event. The
/// page loads the bundle from <c>/socket.io/socket.io.min.js</c>, which the library itself serves (no other route does).
/// </summary>
public sealed class BrowserInteropTests(BrowserInteropTests.Server server) : IClassFixture<BrowserInteropTests.Server>
{
    private static readonly string _chromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public sealed class Server : InteropServer
    {
        public static readonly byte[] GreetingBlob = [7, 0, 255];

        protected override void Configure(WebApplication app, ISocketIoServer io)
        {
            var page = Path.Combine(NodeClient.ClientDirectory, "browser", "index.html");
            app.MapGet("/", () => Results.File(page, "text/html; charset=utf-8"));
            app.MapGet("/favicon.ico", () => Results.NoContent());

            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                Signals.Set(run, "user-agent", socket.Handshake.Headers.UserAgent.ToString());
                socket.On("hello", e =>
                {
                    Signals.Set(run, "hello-transport", e.Socket.TransportName());
                    return e.AckAsync(new
                    {
                        from = e[0].GetProperty("from").GetString(),
                        binaryLength = e.IsBinary(1) ? e.GetBinary(1).Length : -1,
                        binarySum = e.IsBinary(1) ? e.GetBinary(1).ToArray().Sum(b => b) : -1,
                        transport = e.Socket.TransportName(),
                    });
                });
                return socket.EmitAsync("greeting", "hello, browser", GreetingBlob);
            });
        }
    }

    [Fact]
    public async Task BrowserClient_DefaultTransports_UpgradesAndExchangesEventsAndAcks()
    {
        Assert.True(
            File.Exists(_chromiumPath),
            $"Chromium is required for the browser interop test and is missing at {_chromiumPath}: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).");
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("browser.mjs", [server.Url, Modes.Upgrade, run], server)).EnsureSuccess();

        var browser = result.Step("browser");
        Assert.False(browser.TryGetProperty("error", out var error), $"The page failed: {error}{Environment.NewLine}{result.Describe()}");
        Assert.Equal("polling", browser.GetProperty("initialTransport").GetString());
        Assert.Equal("websocket", browser.GetProperty("transport").GetString());
        Assert.Equal("websocket", await server.Signals.WaitAsync<string>(run, "hello-transport"));
        Assert.Contains("Chrome", await server.Signals.WaitAsync<string>(run, "user-agent"), StringComparison.Ordinal);

        var ack = browser.GetProperty("ack");
        Assert.Equal("browser", ack.GetProperty("from").GetString());
        Assert.Equal(3, ack.GetProperty("binaryLength").GetInt32());
        Assert.Equal(6, ack.GetProperty("binarySum").GetInt32());
        Assert.Equal("websocket", ack.GetProperty("transport").GetString());

        var greeting = browser.GetProperty("greeting");
        Assert.Equal("hello, browser", greeting.GetProperty("text").GetString());
        Assert.True(greeting.GetProperty("blobIsArrayBuffer").GetBoolean(), result.Describe());
        Assert.Equal(Server.GreetingBlob, EventsInteropTests.Bytes(greeting.GetProperty("blob")));
    }
}
