using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// socket.io-client 2.5.0 against the dense WebSocket path: the same server as <see cref="LegacyClientInteropTests"/>,
/// reached through its <c>UseEngineIoWebSockets</c> listener, where Engine.IO v3's framing (binary frames led by the
/// packet type, the client's pings) must hold as on the standard path.
/// </summary>
public sealed class DenseLegacyClientInteropTests(LegacyClientInteropTests.Server server) : IClassFixture<LegacyClientInteropTests.Server>
{
    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Upgrade)]
    public async Task Events_JsonBinaryAndAcks_ArriveIntactOverTheDensePath(string mode)
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.DenseUrl, mode, run, "events"], server)).EnsureSuccess();

        var welcome = result.Step("welcome");
        Assert.Equal(welcome.GetProperty("id").GetString(), welcome.GetProperty("greeting").GetProperty("id").GetString());
        var echo = result.Step("echo");
        Assert.Equal("""{"text":"héllo ✓","n":42}""", echo.GetProperty("json").GetRawText());
        Assert.Equal("[0,1,2,253,254,255]", echo.GetProperty("binary").GetRawText());
        Assert.Equal(LegacyClientInteropTests.Server.Blob, result.Step("binary-from-server").GetProperty("blob").EnumerateArray().Select(b => (byte)b.GetInt32()));
        Assert.Equal("websocket", result.Step("transport").GetProperty("name").GetString());
        Assert.Equal(1, DensePath.CountSince(server, run));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Upgrade)]
    public async Task Namespaces_QueryAuthAndRefusal_OverTheDensePath(string mode)
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.DenseUrl, mode, run, "namespaces"], server)).EnsureSuccess();

        Assert.Equal("secret", result.Step("admitted").GetProperty("info").GetProperty("token").GetString());
        Assert.Equal("Not authorized", result.Step("refused").GetProperty("error").GetString());
        Assert.Equal(2, DensePath.CountSince(server, run));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Upgrade)]
    public async Task MixedRoom_AV3AndAV4Client_EachGetTheOneBroadcastOverTheDensePath(string mode)
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.DenseUrl, mode, run, "mixed"], server)).EnsureSuccess();

        var mixed = result.Step("mixed");
        Assert.Equal("[7,8,9]", mixed.GetProperty("legacy").GetProperty("bytes").GetRawText());
        Assert.Equal("[7,8,9]", mixed.GetProperty("modern").GetProperty("bytes").GetRawText());
        Assert.Equal(2, DensePath.CountSince(server, run));
    }
}
