using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Scenarios 1 and 1b (events both ways, ordering) with the official client against the dense WebSocket path: the
/// same server as <see cref="EventsInteropTests"/>, reached through its <c>UseEngineIoWebSockets</c> listener.
/// </summary>
public sealed class DenseEventsInteropTests(EventsInteropTests.Server server) : IClassFixture<EventsInteropTests.Server>
{
    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Upgrade)]
    public async Task Emit_JsonAndBinaryBothWays_ArriveIntactOverTheDensePath(string mode)
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("events.mjs", [server.DenseUrl, mode, run], server)).EnsureSuccess();

        foreach (var nsp in new[] { "/", "/custom" })
        {
            var welcome = result.All("welcome").Single(l => l.GetProperty("nsp").GetString() == nsp);
            Assert.Equal("héllo ✓", welcome.GetProperty("args")[0].GetProperty("text").GetString());
            Assert.Equal(42, welcome.GetProperty("args")[1].GetInt32());
            Assert.Equal("""{"a":1,"list":[true,null,"x"],"nested":{"deep":"héllo ✓"}} | 3.5 | "plain" """.TrimEnd(), await server.Signals.WaitAsync<string>(run, $"{nsp}:json"));
            Assert.Equal("websocket", await server.Signals.WaitAsync<string>(run, $"{nsp}:transport"));
            var binary = await server.Signals.WaitAsync<EventsInteropTests.BinaryObservation>(run, $"{nsp}:binary");
            Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, binary.First);
            Assert.Equal("hello"u8.ToArray(), binary.NestedFile);
            var fromServer = result.All("binary-from-server").Single(l => l.GetProperty("nsp").GetString() == nsp);
            Assert.Equal(EventsInteropTests.Server.Blob, EventsInteropTests.Bytes(fromServer.GetProperty("blob")));
            Assert.Equal(EventsInteropTests.Server.Wrapped, EventsInteropTests.Bytes(fromServer.GetProperty("wrapped")));
        }

        Assert.Equal("websocket", result.Step("transport").GetProperty("name").GetString());
        Assert.Equal(1, DensePath.CountSince(server, run));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Upgrade)]
    public async Task Emit_ManyEventsBothWaysDuringConnectAndUpgrade_AllArriveInOrderOverTheDensePath(string mode)
    {
        const int Count = 500;
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("ordering.mjs", [server.DenseUrl, mode, run, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], server))
            .EnsureSuccess();

        var ordering = result.Step("ordering");
        Assert.Equal(Count, ordering.GetProperty("received").GetInt32());
        Assert.Equal(-1, ordering.GetProperty("firstOutOfOrder").GetInt32());
        Assert.True(ordering.GetProperty("allTextsMatch").GetBoolean());
        var serverSaw = ordering.GetProperty("serverSaw");
        Assert.Equal(Count, serverSaw.GetProperty("received").GetInt32());
        Assert.Equal(-1, serverSaw.GetProperty("firstOutOfOrder").GetInt32());
        Assert.Equal("websocket", ordering.GetProperty("transport").GetString());
        Assert.Equal(1, DensePath.CountSince(server, run));
    }
}
