using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// The official client with <c>socket.io-msgpack-parser</c> (client/msgpack.mjs) against a server configured with
/// <see cref="SocketIoParser.MessagePack"/>: events with JSON and binary values both ways, acks both ways, namespaces,
/// a room broadcast, disconnects and a reconnection, over every transport setup and both WebSocket paths.
/// </summary>
public sealed class MessagePackInteropTests(MessagePackInteropTests.Server server) : IClassFixture<MessagePackInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        public static readonly byte[] Blob = [0, 127, 128, 255, 10, 13];
        public static readonly byte[] Wrapped = [42, 0, 42];

        protected override void ConfigureSocketIo(SocketIoOptions options) => options.Parser = SocketIoParser.MessagePack;

        protected override void Configure(WebApplication app, ISocketIoServer io)
        {
            io.Of("/").OnConnection(OnConnectionAsync);
            io.Of("/custom").OnConnection(socket =>
            {
                socket.On("where", e => e.AckAsync(e.Socket.Namespace.Name));
                return default;
            });
        }

        private ValueTask OnConnectionAsync(SocketIoSocket socket)
        {
            var run = socket.Run();
            var role = socket.AuthString("role");
            socket.Disconnected += (s, reason) => Signals.Set(run, $"{role}:disconnect", reason.ToReasonString());
            Signals.Add(run, $"{role}:connected", socket.Id);
            socket.On("json", e =>
            {
                Signals.Set(run, "json", string.Join(" | ", Enumerable.Range(0, e.Count).Select(i => e[i].GetRawText())));
                Signals.Set(run, "transport", e.Socket.TransportName());
                return default;
            });
            socket.On("binary", e =>
            {
                var nested = e.Get<EventsInteropTests.NestedFile>(1);
                Signals.Set(run, "binary", new Observation(
                    e.Count,
                    e.IsBinary(0) ? e.GetBinary(0).ToArray() : [],
                    nested?.Label,
                    nested?.File,
                    e[2].GetString(),
                    e.IsBinary(3) ? e.GetBinary(3).ToArray() : []));
                return default;
            });
            socket.On("give-binary", e => e.Socket.EmitAsync("binary-from-server", Blob, new { name = "wrapped", data = Wrapped }, "text after binary"));
            socket.On("sum", e => e.AckAsync(e.Get<int>(0) + e.Get<int>(1)));
            socket.On("echo-binary", e => e.AckAsync(e.GetBinary(0).ToArray()));
            socket.On("ask-me", async e =>
            {
                var reply = await e.Socket.EmitWithAckAsync("ask", TimeSpan.FromSeconds(10), "question", new byte[] { 1, 2, 3 });
                Signals.Set(run, "ask", new Observation(reply.Count, reply.IsBinary(1) ? reply.GetBinary(1).ToArray() : [], reply[0].GetRawText(), null, null, []));
            });
            socket.On("join", e =>
            {
                e.Socket.Join(e.Get<string>(0)!);
                return e.AckAsync("joined");
            });
            socket.On("shout", async e =>
            {
                await e.Socket.Namespace.To(e.Get<string>(0)!).EmitAsync("shouted", e[1].GetString(), e.GetBinary(2).ToArray());
                await e.Socket.Namespace.EmitAsync("after");
            });
            socket.On("kick-me", e => e.Socket.DisconnectAsync());
            return role == "main"
                ? socket.EmitAsync(
                    "welcome",
                    new { nsp = socket.Namespace.Name, numbers = new[] { 1, 2, 3 }, nested = new { file = Wrapped } },
                    42,
                    3.25,
                    "héllo ✓",
                    null,
                    true,
                    Blob)
                : default;
        }
    }

    public sealed record Observation(int Count, byte[] First, string? Label, byte[]? File, string? Tail, byte[] Fourth);

    public static TheoryData<string, bool> Setups => new()
    {
        { Modes.WebSocket, false },
        { Modes.Polling, false },
        { Modes.Upgrade, false },
        { Modes.WebSocket, true },
        { Modes.Upgrade, true },
    };

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task MsgpackClient_EventsAcksNamespacesRoomsDisconnectsReconnect_AllWork(string mode, bool dense)
    {
        var run = Modes.NewRun();
        DensePath.Mark(server, run);
        var result = (await NodeClient.RunAsync("msgpack.mjs", [dense ? server.DenseUrl : server.Url, mode, run], server)).EnsureSuccess();

        // Server → client: JSON values as JavaScript values, byte[] as a Buffer (top-level and nested).
        var welcome = result.Step("welcome");
        var info = welcome.GetProperty("info");
        Assert.Equal("/", info.GetProperty("nsp").GetString());
        Assert.Equal("[1,2,3]", info.GetProperty("numbers").GetRawText());
        Assert.Equal(Server.Wrapped, EventsInteropTests.Bytes(info.GetProperty("nested").GetProperty("file").GetProperty("data")));
        Assert.Equal(42, welcome.GetProperty("number").GetInt32());
        Assert.Equal(3.25, welcome.GetProperty("fraction").GetDouble());
        Assert.Equal("héllo ✓", welcome.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, welcome.GetProperty("nothing").ValueKind);
        Assert.True(welcome.GetProperty("flag").GetBoolean());
        Assert.True(welcome.GetProperty("blobIsBuffer").GetBoolean(), result.Describe());
        Assert.Equal(Server.Blob, EventsInteropTests.Bytes(welcome.GetProperty("blob")));

        // Client → server: JSON values as the client wrote them; Buffers and a Uint8Array as binary.
        Assert.Equal(
            """{"a":1,"list":[true,null,"x"],"nested":{"deep":"héllo ✓"}} | 3.5 | "plain" | -7 | 1099511627776""",
            await server.Signals.WaitAsync<string>(run, "json"));
        Assert.Equal(Modes.ExpectedTransport(mode), await server.Signals.WaitAsync<string>(run, "transport"));
        var binary = await server.Signals.WaitAsync<Observation>(run, "binary");
        Assert.Equal(4, binary.Count);
        Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, binary.First);
        Assert.Equal("nested", binary.Label);
        Assert.Equal("hello"u8.ToArray(), binary.File);
        Assert.Equal("tail", binary.Tail);
        Assert.Equal(new byte[] { 9, 8, 7 }, binary.Fourth);

        var fromServer = result.Step("binary-from-server");
        Assert.True(fromServer.GetProperty("blobIsBuffer").GetBoolean(), result.Describe());
        Assert.Equal(Server.Blob, EventsInteropTests.Bytes(fromServer.GetProperty("blob")));
        Assert.Equal("wrapped", fromServer.GetProperty("wrappedName").GetString());
        Assert.True(fromServer.GetProperty("wrappedIsBuffer").GetBoolean(), result.Describe());
        Assert.Equal(Server.Wrapped, EventsInteropTests.Bytes(fromServer.GetProperty("wrapped")));
        Assert.Equal("text after binary", fromServer.GetProperty("after").GetString());

        // Acks both ways, with binary.
        var acks = result.Step("acks");
        Assert.Equal(5, acks.GetProperty("sum").GetInt32());
        Assert.True(acks.GetProperty("echoedIsBuffer").GetBoolean(), result.Describe());
        Assert.Equal(new byte[] { 5, 6, 7 }, EventsInteropTests.Bytes(acks.GetProperty("echoed")));
        var ask = await server.Signals.WaitAsync<Observation>(run, "ask");
        Assert.Equal(2, ask.Count);
        Assert.Equal("""{"answer":"QUESTION","length":3}""", ask.Label);
        Assert.Equal(new byte[] { 1, 2 }, ask.First);

        // A second namespace on the same connection.
        var custom = result.Step("custom");
        Assert.Equal("/custom", custom.GetProperty("where").GetString());
        Assert.True(custom.GetProperty("sameConnection").GetBoolean());

        // The room's members get its broadcast, binary included; the outsider does not.
        var rooms = result.Step("rooms");
        Assert.Equal(2, rooms.GetProperty("received").GetArrayLength());
        foreach (var received in rooms.GetProperty("received").EnumerateArray())
        {
            Assert.Equal("to the room", received.GetProperty("message").GetString());
            Assert.Equal(new byte[] { 3, 1, 4 }, EventsInteropTests.Bytes(received.GetProperty("data")));
        }

        Assert.False(rooms.GetProperty("outsiderGotShout").GetBoolean());

        // The server's disconnect, then the client's.
        var disconnects = result.Step("disconnects");
        Assert.Equal("io server disconnect", disconnects.GetProperty("kickReason").GetString());
        Assert.False(disconnects.GetProperty("kickedActive").GetBoolean());
        Assert.Equal("server namespace disconnect", await server.Signals.WaitAsync<string>(run, "kick:disconnect"));
        Assert.Equal("client namespace disconnect", await server.Signals.WaitAsync<string>(run, "leave:disconnect"));

        // A lost connection: the client reconnects with a new socket, and events flow again.
        var reconnect = result.Step("reconnect");
        Assert.NotEqual(reconnect.GetProperty("firstId").GetString(), reconnect.GetProperty("secondId").GetString());
        Assert.Equal(42, reconnect.GetProperty("afterReconnect").GetInt32());
        Assert.Equal(Modes.ExpectedTransport(mode), reconnect.GetProperty("transport").GetString());
        // The client's ack after reconnecting came from the second socket, so both connections were seen by then.
        Assert.Equal(2, server.Signals.List(run, "again:connected").Count);

        Assert.Equal(Modes.ExpectedTransport(mode), result.Step("transport").GetProperty("name").GetString());
        var wentDense = mode != Modes.Polling && dense;
        // Eight connections (main, two members, the outsider, kick, leave, and one that reconnects): each of their
        // WebSockets on the dense listener takes the dense path.
        Assert.Equal(wentDense ? 8 : 0, DensePath.CountSince(server, run));
    }
}
