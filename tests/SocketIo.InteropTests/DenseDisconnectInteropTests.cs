using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Scenario 5's disconnects that the server and the client start, against the dense WebSocket path of
/// <see cref="DisconnectInteropTests"/>'s server. (Its network-drop scenario aborts requests from HTTP middleware,
/// which the dense path does not run.)
/// </summary>
public sealed class DenseDisconnectInteropTests(DisconnectInteropTests.Server server) : IClassFixture<DisconnectInteropTests.Server>
{
    [Fact]
    public async Task DisconnectAsync_CloseConnectionAfterEmit_OverTheDensePath()
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.DenseUrl, Modes.WebSocket, run, "close"], server)).EnsureSuccess();

        var closed = result.Step("closed");
        Assert.Equal(["goodbye: see you", "disconnect /", "disconnect /other"], closed.GetProperty("events").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["io server disconnect", "io server disconnect"], closed.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("closed", closed.GetProperty("engineState").GetString());
        var ids = closed.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToArray();
        Assert.Equal($"{ids[0]} server namespace disconnect", await server.Signals.WaitAsync<string>(run, "close/:first-disconnect"));
        Assert.Equal(1, DensePath.CountSince(server, run));
    }

    [Fact]
    public async Task ClientDisconnect_SocketLeaves_OverTheDensePath()
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.DenseUrl, Modes.WebSocket, run, "leave"], server)).EnsureSuccess();

        var id = result.Step("left").GetProperty("id").GetString();
        Assert.Equal($"{id} client namespace disconnect", await server.Signals.WaitAsync<string>(run, "leave/:first-disconnect"));
        Assert.Equal(1, DensePath.CountSince(server, run));
    }
}
