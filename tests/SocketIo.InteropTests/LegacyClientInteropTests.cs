using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EngineIo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// socket.io-client 2.5.0 (Engine.IO v3, Socket.IO protocol v4) against a server that allows EIO 3, on every transport:
/// events and acks with binary, namespaces with query-string auth and middleware refusals, rooms, disconnects both
/// ways, reconnection, and a 2.x and a 4.x client in one room.
/// </summary>
public sealed class LegacyClientInteropTests(LegacyClientInteropTests.Server server) : IClassFixture<LegacyClientInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        public static readonly byte[] Blob = [0, 127, 128, 255, 10, 13];

        /// <summary>The HTTP requests in flight (long polls, POSTs, WebSockets) by the run in their query string.</summary>
        private readonly ConcurrentDictionary<HttpContext, string> _requests = new();

        protected override void ConfigureEngineIo(EngineIoOptions options) => options.AllowEio3 = true;

        protected override void Configure(WebApplication app, ISocketIoServer io)
        {
            app.Use(async (context, next) =>
            {
                var run = context.Request.Query["run"].ToString();
                if (run.Length > 0)
                {
                    _requests[context] = run;
                }

                try
                {
                    await next(context);
                }
                finally
                {
                    _requests.TryRemove(context, out _);
                }
            });

            io.Of("/").OnConnection(OnConnectionAsync);
            var admin = io.Of("/admin");
            admin.Use(socket => AuthOf(socket, "token") == "secret"
                ? default
                : throw new SocketIoConnectException("Not authorized"));
            admin.OnConnection(socket => socket.EmitAsync("admin-welcome", new
            {
                token = AuthOf(socket, "token"),
                id = socket.Id,
                run = RunOf(socket),
            }));
        }

        /// <summary>
        /// A 2.x client's run: in the connection's query on "/", which it joins unasked and so with no auth, or in the
        /// namespace CONNECT's query, which the server reads as that socket's auth.
        /// </summary>
        public static string RunOf(SocketIoSocket socket) => AuthOf(socket, "run") ?? socket.Handshake.Query["run"].ToString();

        private static string? AuthOf(SocketIoSocket socket, string name) =>
            socket.Handshake.Auth.ValueKind == JsonValueKind.Object && socket.Handshake.Auth.TryGetProperty(name, out var value)
                ? value.GetString()
                : null;

        private ValueTask OnConnectionAsync(SocketIoSocket socket)
        {
            var run = RunOf(socket);
            var role = socket.Handshake.Query["role"].ToString();
            Signals.Add(run, "connected", socket.Id);
            socket.Disconnected += (s, reason) => Signals.Set(run, $"{role}:disconnect", $"{s.Id} {reason.ToReasonString()}");
            socket.On("echo", e => e.AckAsync([.. Enumerable.Range(0, e.Count).Select(i => e.IsBinary(i) ? (object)e.GetBinary(i).ToArray() : e[i])]));
            socket.On("give-binary", e => e.Socket.EmitAsync("binary-from-server", Blob, new { name = "wrapped", data = new byte[] { 42, 0, 42 } }));
            socket.On("join", e =>
            {
                e.Socket.Join(e[0].GetString()!);
                return e.AckAsync();
            });
            socket.On("broadcast", async e =>
            {
                await e.Socket.To(e[0].GetString()!).EmitAsync("news", e[1].GetString());
                await e.AckAsync();
            });
            socket.On("broadcast-all", async e =>
            {
                await e.Socket.Namespace.To(e[0].GetString()!).EmitAsync("news", e[1].GetString(), e.GetBinary(2).ToArray());
                await e.AckAsync();
            });
            socket.On("kick-me", e => e.Socket.DisconnectAsync());
            socket.On("how-did-leave-go", async e => await e.AckAsync(await Signals.WaitAsync<string>(run, "leave:disconnect")));
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
            return socket.EmitAsync("welcome", new { id = socket.Id, text = "héllo ✓" });
        }
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Events_JsonBinaryAndAcks_ArriveIntactBothWays(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "events"], server)).EnsureSuccess();

        var welcome = result.Step("welcome");
        var id = welcome.GetProperty("id").GetString();
        // The client computes its socket's id itself, from the connection's: the server's must be the same.
        Assert.Equal(id, welcome.GetProperty("greeting").GetProperty("id").GetString());
        Assert.Equal(id, Assert.Single(server.Signals.List(run, "connected")));
        Assert.Equal("héllo ✓", welcome.GetProperty("greeting").GetProperty("text").GetString());

        var echo = result.Step("echo");
        Assert.Equal("""{"text":"héllo ✓","n":42}""", echo.GetProperty("json").GetRawText());
        Assert.True(echo.GetProperty("isBuffer").GetBoolean());
        Assert.Equal("[0,1,2,253,254,255]", echo.GetProperty("binary").GetRawText());

        var binary = result.Step("binary-from-server");
        Assert.True(binary.GetProperty("isBuffer").GetBoolean());
        Assert.Equal(Server.Blob, binary.GetProperty("blob").EnumerateArray().Select(b => (byte)b.GetInt32()));
        Assert.Equal("[42,0,42]", binary.GetProperty("wrapped").GetRawText());
        Assert.Equal(Modes.ExpectedTransport(mode), result.Step("transport").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Namespaces_QueryAuthLetsInAndMiddlewareRefusalIsAnErrorEvent(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "namespaces"], server)).EnsureSuccess();

        var admitted = result.Step("admitted");
        var info = admitted.GetProperty("info");
        Assert.Equal("secret", info.GetProperty("token").GetString());
        Assert.Equal(run, info.GetProperty("run").GetString());
        Assert.Equal(admitted.GetProperty("id").GetString(), info.GetProperty("id").GetString());
        Assert.StartsWith("/admin#", info.GetProperty("id").GetString(), StringComparison.Ordinal);

        var refused = result.Step("refused");
        Assert.Equal("Not authorized", refused.GetProperty("error").GetString());
        Assert.False(refused.GetProperty("connected").GetBoolean());
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Rooms_BroadcastFromOneClient_ReachesTheOtherNotTheSender(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "rooms"], server)).EnsureSuccess();

        var broadcast = result.Step("broadcast");
        Assert.Equal("hello room", broadcast.GetProperty("atB").GetString());
        Assert.Equal(0, broadcast.GetProperty("atA").GetArrayLength());
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Disconnects_ServerKickIsIoServerDisconnectAndClientCloseIsSeenByTheServer(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "disconnects"], server)).EnsureSuccess();

        var kicked = result.Step("kicked");
        Assert.Equal("io server disconnect", kicked.GetProperty("reason").GetString());
        Assert.False(kicked.GetProperty("connected").GetBoolean());
        Assert.EndsWith("server namespace disconnect", await server.Signals.WaitAsync<string>(run, ":disconnect"), StringComparison.Ordinal);

        var left = result.Step("left").GetProperty("id").GetString();
        var seen = result.Step("left").GetProperty("seen").GetString()!;
        // A 2.x client closing its only socket sends its DISCONNECT, then closes the connection.
        Assert.Equal($"{left} client namespace disconnect", seen);
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Reconnect_AfterTheConnectionDrops_ClientComesBackWithANewId(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "reconnect"], server)).EnsureSuccess();

        var reconnected = result.Step("reconnected");
        Assert.NotEqual(reconnected.GetProperty("firstId").GetString(), reconnected.GetProperty("secondId").GetString());
        Assert.Equal("after reconnect", reconnected.GetProperty("reply").GetString());
        Assert.Equal(Modes.ExpectedTransport(mode), reconnected.GetProperty("transport").GetString());
        Assert.Equal(2, server.Signals.List(run, "connected").Count);
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task MixedRoom_AV3AndAV4Client_EachGetTheOneBroadcast(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunLegacyAsync("legacy.mjs", [server.Url, mode, run, "mixed"], server)).EnsureSuccess();

        var mixed = result.Step("mixed");
        foreach (var client in new[] { "legacy", "modern" })
        {
            var seen = mixed.GetProperty(client);
            Assert.Equal("to both", seen.GetProperty("text").GetString());
            Assert.Equal("[7,8,9]", seen.GetProperty("bytes").GetRawText());
            Assert.Equal(Modes.ExpectedTransport(mode), seen.GetProperty("transport").GetString());
        }
    }

    /// <summary>
    /// The protocol v4 shapes on the wire, which the 2.x client would also accept in v5's: "/" joined unasked with a
    /// bare CONNECT, a namespace CONNECT answered without a payload, a refusal as ERROR with the message as a string.
    /// </summary>
    [Fact]
    public async Task Wire_ProtocolV4ConnectAndErrorPackets_HaveNoV5Payloads()
    {
        using var admitted = await ConnectRawAsync();
        Assert.Equal("40", await ReceiveTextAsync(admitted));
        Assert.StartsWith("42[\"welcome\"", await ReceiveTextAsync(admitted), StringComparison.Ordinal);
        await SendTextAsync(admitted, "40/admin?token=secret&run=wire,");
        Assert.Equal("40/admin,", await ReceiveTextAsync(admitted));

        using var refused = await ConnectRawAsync();
        Assert.Equal("40", await ReceiveTextAsync(refused));
        Assert.StartsWith("42[\"welcome\"", await ReceiveTextAsync(refused), StringComparison.Ordinal);
        await SendTextAsync(refused, "40/admin?token=wrong,");
        Assert.Equal("44/admin,\"Not authorized\"", await ReceiveTextAsync(refused));
    }

    private async Task<ClientWebSocket> ConnectRawAsync()
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Signals.WaitTimeout);
        await socket.ConnectAsync(new Uri(server.Url.Replace("http", "ws", StringComparison.Ordinal) + "/socket.io/?EIO=3&transport=websocket"), timeout.Token);
        Assert.StartsWith("0{", await ReceiveTextAsync(socket), StringComparison.Ordinal);
        return socket;
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Signals.WaitTimeout);
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }
}
