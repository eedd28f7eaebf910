using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Scenario 5: the server disconnects a socket, or its whole connection; the network drops the connection and the
/// client comes back; the client leaves.
/// </summary>
public sealed class DisconnectInteropTests(DisconnectInteropTests.Server server) : IClassFixture<DisconnectInteropTests.Server>
{
    private static readonly string[] _transportLoss = ["transport close", "transport error"];

    public sealed class Server : InteropServer
    {
        /// <summary>The HTTP requests in flight (long polls, POSTs, WebSockets) by the run in their query string.</summary>
        private readonly ConcurrentDictionary<HttpContext, string> _requests = new();

        protected override void Configure(WebApplication app, ISocketIoServer io)
        {
            app.Use(async (context, next) =>
            {
                var run = context.Request.Query["run"].ToString();
                if (run.Length == 0)
                {
                    await next(context);
                    return;
                }

                _requests[context] = run;
                try
                {
                    await next(context);
                }
                finally
                {
                    _requests.TryRemove(context, out _);
                }
            });

            io.Of("/").OnConnection(OnConnection);
            io.Of("/other").OnConnection(OnConnection);
        }

        private ValueTask OnConnection(SocketIoSocket socket)
        {
            var run = socket.Run();
            var role = socket.AuthString("role");
            var nsp = socket.Namespace.Name;
            Signals.Add(run, $"{role}{nsp}:connected", socket.Id);
            if (Signals.List(run, $"{role}{nsp}:connected").Count == 2)
            {
                Signals.Set(run, $"{role}{nsp}:second", socket.Id);
            }

            socket.Disconnected += (s, reason) => Signals.Set(run, $"{role}{nsp}:first-disconnect", $"{s.Id} {reason.ToReasonString()}");
            socket.On("kick-me", e => e.Socket.DisconnectAsync());
            socket.On("close-me", async e =>
            {
                await e.Socket.EmitAsync("goodbye", "see you");
                await e.Socket.DisconnectAsync(close: true);
            });
            socket.On("drop-me", _ =>
            {
                // What a network failure does: every request of the connection dies, WebSocket included.
                foreach (var (context, requestRun) in _requests)
                {
                    if (requestRun == run)
                    {
                        context.Abort();
                    }
                }

                return default;
            });
            return default;
        }
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task DisconnectAsync_Namespace_ClientGetsIoServerDisconnectAndStaysDisconnected(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.Url, mode, run, "kick"], server)).EnsureSuccess();

        var kicked = result.Step("kicked");
        var id = kicked.GetProperty("id").GetString();
        Assert.Equal("io server disconnect", kicked.GetProperty("reason").GetString());
        Assert.False(kicked.GetProperty("connected").GetBoolean());
        // The client does not reconnect after the server's own disconnect, reconnection on or not.
        Assert.False(kicked.GetProperty("active").GetBoolean());
        Assert.Equal($"{id} server namespace disconnect", await server.Signals.WaitAsync<string>(run, "kick/:first-disconnect"));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task DisconnectAsync_CloseConnectionAfterEmit_EventArrivesAndEverySocketGetsIoServerDisconnect(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.Url, mode, run, "close"], server)).EnsureSuccess();

        var closed = result.Step("closed");
        // What the reference server gives the official client over every transport: the event sent before the close
        // arrives, then each socket's DISCONNECT.
        Assert.Equal(
            ["goodbye: see you", "disconnect /", "disconnect /other"],
            closed.GetProperty("events").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["io server disconnect", "io server disconnect"], closed.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([false, false], closed.GetProperty("active").EnumerateArray().Select(a => a.GetBoolean()));
        Assert.Equal("closed", closed.GetProperty("engineState").GetString());
        Assert.Equal("closed", closed.GetProperty("managerState").GetString());

        var ids = closed.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToArray();
        Assert.Equal($"{ids[0]} server namespace disconnect", await server.Signals.WaitAsync<string>(run, "close/:first-disconnect"));
        Assert.Equal($"{ids[1]} server namespace disconnect", await server.Signals.WaitAsync<string>(run, "close/other:first-disconnect"));
        Assert.Single(server.Signals.List(run, "close/:connected"));
        Assert.Single(server.Signals.List(run, "close/other:connected"));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task ConnectionDrop_NetworkFailure_ClientReconnectsWithNewSocketId(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.Url, mode, run, "drop"], server)).EnsureSuccess();

        var dropped = result.Step("dropped");
        var firstId = dropped.GetProperty("firstId").GetString();
        var secondId = dropped.GetProperty("secondId").GetString();
        Assert.Equal(Modes.ExpectedTransport(mode), dropped.GetProperty("firstTransport").GetString());
        Assert.Contains(dropped.GetProperty("reason").GetString(), _transportLoss);
        // A transport-level loss leaves the socket active: it reconnects by itself.
        Assert.True(dropped.GetProperty("activeAfterDrop").GetBoolean());
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(Modes.ExpectedTransport(mode), dropped.GetProperty("secondTransport").GetString());

        var firstDisconnect = await server.Signals.WaitAsync<string>(run, "drop/:first-disconnect");
        Assert.StartsWith($"{firstId} transport ", firstDisconnect, StringComparison.Ordinal);
        Assert.Contains(firstDisconnect[(firstId!.Length + 1)..], _transportLoss);
        Assert.Equal(secondId, await server.Signals.WaitAsync<string>(run, "drop/:second"));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task ClientDisconnect_SocketLeaves_ServerSeesClientNamespaceDisconnect(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("disconnect.mjs", [server.Url, mode, run, "leave"], server)).EnsureSuccess();

        var id = result.Step("left").GetProperty("id").GetString();
        Assert.Equal($"{id} client namespace disconnect", await server.Signals.WaitAsync<string>(run, "leave/:first-disconnect"));
    }
}
