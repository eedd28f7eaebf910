using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// The dense WebSocket path (<c>UseEngineIoWebSockets</c>) against the Node <c>ws</c> client, frame by frame: fragments
/// with a ping between them, binary, a 125-byte ping, and the close handshake.
/// </summary>
public sealed class DenseFramesInteropTests(DenseFramesInteropTests.Server server) : IClassFixture<DenseFramesInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                socket.On("echo", e =>
                {
                    Signals.Set(run, "transport", e.Socket.TransportName());
                    return e.Socket.EmitAsync("echo", e.IsBinary(0) ? e.GetBinary(0).ToArray() : e[0].Clone());
                });
                socket.Disconnected += (s, reason) => Signals.Set(run, "disconnect", reason.ToReasonString());
                return default;
            });
    }

    [Fact]
    public async Task WsClient_FramesOnTheDensePath_ReassembledAnsweredAndClosedCleanly()
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("frames.mjs", [server.DenseUrl, Modes.WebSocket, run], server)).EnsureSuccess();

        var open = result.Step("open");
        Assert.Equal(101, open.GetProperty("status").GetInt32());
        Assert.Equal("0", open.GetProperty("packet").GetString());
        Assert.Equal(28, open.GetProperty("accept").GetString()!.Length);
        Assert.Equal("40", result.Step("connect").GetProperty("packet").GetString());

        var fragmented = result.Step("fragmented");
        Assert.Equal("""42["echo","fragmented ✓ text"]""", fragmented.GetProperty("echo").GetString());
        Assert.Equal("between fragments", fragmented.GetProperty("pong").GetString());

        var binary = result.Step("binary");
        Assert.Equal("""451-["echo",{"_placeholder":true,"num":0}]""", binary.GetProperty("header").GetString());
        Assert.Equal("[0,1,2,254,255]", binary.GetProperty("attachment").GetRawText());

        var ping = result.Step("ping");
        Assert.Equal(125, ping.GetProperty("length").GetInt32());
        Assert.True(ping.GetProperty("same").GetBoolean());

        var close = result.Step("close");
        Assert.Equal(1000, close.GetProperty("code").GetInt32());
        Assert.Equal("websocket", await server.Signals.WaitAsync<string>(run, "transport"));
        Assert.Equal("transport close", await server.Signals.WaitAsync<string>(run, "disconnect"));
        Assert.Equal(1, DensePath.CountSince(server, run));
    }
}
