using System.Globalization;
using EngineIo;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 6: Engine.IO's MaxPayload, set through AddSocketIo's second argument, as the client meets it.</summary>
public sealed class PayloadLimitInteropTests(PayloadLimitInteropTests.Server server) : IClassFixture<PayloadLimitInteropTests.Server>
{
    private const int MaxPayload = 10_000;

    public sealed class Server : InteropServer
    {
        protected override void ConfigureEngineIo(EngineIoOptions options) => options.MaxPayload = MaxPayload;

        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                socket.On("big", e =>
                {
                    var length = e[0].GetString()!.Length;
                    Signals.Add(run, "big", length);
                    return e.Socket.EmitAsync("big-received", length);
                });
                socket.On("big-binary", e => e.AckAsync(e.IsBinary(0) ? e.GetBinary(0).Length : -1));
                socket.Disconnected += (_, reason) => Signals.Set(run, "disconnected", reason.ToReasonString());
                return default;
            });
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task MaxPayload_PacketAtAndOverLimit_AtLimitDeliveredOverLimitClosesConnection(string mode)
    {
        var run = Modes.NewRun();
        // The largest packet the limit allows, then one byte more.
        string[] args = [server.Url, mode, run, MaxPayload.ToString(CultureInfo.InvariantCulture), (MaxPayload + 1).ToString(CultureInfo.InvariantCulture)];
        var result = (await NodeClient.RunAsync("payload.mjs", args, server)).EnsureSuccess();

        var under = result.Step("under");
        Assert.Equal(MaxPayload, under.GetProperty("maxPayload").GetInt32());
        var textLength = MaxPayload - """42["big",""]""".Length;
        Assert.Equal(textLength, under.GetProperty("received").GetInt32());
        Assert.Equal(under.GetProperty("blobLength").GetInt32(), under.GetProperty("binaryAck").GetInt32());
        Assert.Equal(Modes.ExpectedTransport(mode), under.GetProperty("transport").GetString());

        // Over the limit: the client loses its connection (WebSocket: close 1009; polling: the POST gets 413)...
        var over = result.Step("over");
        Assert.Contains(over.GetProperty("reason").GetString(), new[] { "transport close", "transport error" });
        Assert.False(over.GetProperty("connected").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, over.GetProperty("receivedOver").ValueKind);

        // ... and the server, which never delivered the oversized event, sees the socket leave.
        var reason = await server.Signals.WaitAsync<string>(run, "disconnected");
        Assert.Equal([textLength], server.Signals.List(run, "big").Cast<int>());
        Assert.NotEqual("server namespace disconnect", reason);
    }
}
