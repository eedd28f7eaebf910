using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 2 (acknowledgements both ways) against the dense WebSocket path of <see cref="AckInteropTests"/>'s server.</summary>
public sealed class DenseAckInteropTests(AckInteropTests.Server server) : IClassFixture<AckInteropTests.Server>
{
    [Fact]
    public async Task Ack_BothDirections_OverTheDensePath()
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("acks.mjs", [server.DenseUrl, Modes.WebSocket, run], server)).EnsureSuccess();

        var callback = result.Step("callback");
        Assert.Equal(2, callback.GetProperty("count").GetInt32());
        Assert.Equal("[1,2,3]", callback.GetProperty("first").GetProperty("binary").GetRawText());
        Assert.Equal("[9,8,7]", callback.GetProperty("second").GetRawText());
        Assert.Equal("""{"n":2,"text":"emitWithAck"}""", result.Step("emitWithAck").GetProperty("first").GetProperty("echo").GetRawText());
        Assert.True(result.Step("emitWithAck-timeout").GetProperty("timedOut").GetBoolean());
        var observed = Assert.IsType<AckInteropTests.AckObservation>(await server.Signals.WaitAsync<object>(run, "server-ask"), exactMatch: false);
        Assert.Equal(new byte[] { 4, 5, 6 }, observed.Second);
        Assert.IsType<TimeoutException>(await server.Signals.WaitAsync<object>(run, "server-ask-ignored"));
        Assert.Equal("websocket", result.Step("done").GetProperty("transport").GetString());
        Assert.Equal(1, DensePath.CountSince(server, run));
    }
}
