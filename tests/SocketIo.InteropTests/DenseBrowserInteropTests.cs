using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Scenario 7 against the dense listener: Chromium loads the page and the client bundle from it (passed through to
/// Kestrel), polls (passed through), then upgrades to a WebSocket that the dense path serves.
/// </summary>
public sealed class DenseBrowserInteropTests(BrowserInteropTests.Server server) : IClassFixture<BrowserInteropTests.Server>
{
    private static readonly string _chromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public async Task BrowserClient_UpgradesToTheDensePath_ExchangesEventsAndAcks()
    {
        Assert.True(File.Exists(_chromiumPath), $"Chromium is required for the browser interop test and is missing at {_chromiumPath}.");
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("browser.mjs", [server.DenseUrl, Modes.Upgrade, run], server)).EnsureSuccess();

        var browser = result.Step("browser");
        Assert.False(browser.TryGetProperty("error", out var error), $"The page failed: {error}{Environment.NewLine}{result.Describe()}");
        Assert.Equal("polling", browser.GetProperty("initialTransport").GetString());
        Assert.Equal("websocket", browser.GetProperty("transport").GetString());
        Assert.Equal("websocket", await server.Signals.WaitAsync<string>(run, "hello-transport"));
        var ack = browser.GetProperty("ack");
        Assert.Equal(3, ack.GetProperty("binaryLength").GetInt32());
        Assert.Equal(6, ack.GetProperty("binarySum").GetInt32());
        Assert.True(browser.GetProperty("greeting").GetProperty("blobIsArrayBuffer").GetBoolean());
        Assert.Equal(1, DensePath.CountSince(server, run));
    }
}
