using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 1: events with JSON and binary arguments, both ways, on "/" and a custom namespace.</summary>
public sealed class EventsInteropTests(EventsInteropTests.Server server) : IClassFixture<EventsInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        public static readonly byte[] Blob = [0, 127, 128, 255, 10, 13];
        public static readonly byte[] Wrapped = [42, 0, 42];

        protected override void Configure(WebApplication app, ISocketIoServer io)
        {
            io.Of("/").OnConnection(OnConnectionAsync);
            io.Of("/custom").OnConnection(OnConnectionAsync);
        }

        private ValueTask OnConnectionAsync(SocketIoSocket socket)
        {
            if (socket.AuthInt("count") is var count and > 0)
            {
                return OrderingAsync(socket, count);
            }

            var run = socket.Run();
            var nsp = socket.Namespace.Name;
            socket.On("json", e =>
            {
                Signals.Set(run, $"{nsp}:json", string.Join(" | ", Enumerable.Range(0, e.Count).Select(i => e[i].GetRawText())));
                Signals.Set(run, $"{nsp}:transport", e.Socket.TransportName());
                return default;
            });
            socket.On("binary", e =>
            {
                var nested = e.Get<NestedFile>(1);
                Signals.Set(run, $"{nsp}:binary", new BinaryObservation(
                    e.Count,
                    e.IsBinary(0),
                    e.IsBinary(0) ? e.GetBinary(0).ToArray() : [],
                    e.IsBinary(1),
                    nested?.Label,
                    nested?.File,
                    e[2].GetString()));
                return default;
            });
            socket.On("give-binary", e => e.Socket.EmitAsync("binary-from-server", Blob, new { name = "wrapped", data = Wrapped }, "text after binary"));
            return socket.EmitAsync(
                "welcome",
                new { nsp, id = socket.Id, numbers = new[] { 1, 2, 3 }, text = "héllo ✓", nothing = (string?)null, flag = true },
                42,
                "second");
        }

        /// <summary>The ordering scenario: numbered events both ways, right after connecting.</summary>
        private static async ValueTask OrderingAsync(SocketIoSocket socket, int count)
        {
            var received = new List<int>();
            var textsMatch = true;
            socket.On("seq", e =>
            {
                var n = e[0].GetInt32();
                received.Add(n);
                textsMatch &= e[1].GetString() == $"event {n}";
                return default;
            });
            socket.On("seq-end", e => e.Socket.EmitAsync("seq-done", new
            {
                received = received.Count,
                firstOutOfOrder = FirstOutOfOrder(received),
                textsMatch,
                transport = e.Socket.TransportName(),
            }));
            for (var n = 0; n < count; n++)
            {
                await socket.EmitAsync("seq", n, $"event {n}");
            }
        }

        /// <summary>The first position that does not hold its own number, or -1.</summary>
        private static int FirstOutOfOrder(List<int> received)
        {
            for (var i = 0; i < received.Count; i++)
            {
                if (received[i] != i)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    public sealed record NestedFile(string Label, byte[] File);

    public sealed record BinaryObservation(int Count, bool FirstIsBinary, byte[] First, bool SecondIsBinary, string? NestedLabel, byte[]? NestedFile, string? Tail);

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Emit_JsonAndBinaryArgumentsBothWays_ArriveIntactInBothNamespaces(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("events.mjs", [server.Url, mode, run], server)).EnsureSuccess();

        foreach (var nsp in new[] { "/", "/custom" })
        {
            // Server → client: JSON arguments.
            var welcome = result.All("welcome").Single(l => l.GetProperty("nsp").GetString() == nsp);
            var args = welcome.GetProperty("args");
            Assert.Equal(3, args.GetArrayLength());
            var first = args[0];
            Assert.Equal(nsp, first.GetProperty("nsp").GetString());
            Assert.Equal(welcome.GetProperty("id").GetString(), first.GetProperty("id").GetString());
            Assert.Equal("[1,2,3]", first.GetProperty("numbers").GetRawText());
            Assert.Equal("héllo ✓", first.GetProperty("text").GetString());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("nothing").ValueKind);
            Assert.True(first.GetProperty("flag").GetBoolean());
            Assert.Equal(42, args[1].GetInt32());
            Assert.Equal("second", args[2].GetString());

            // Client → server: JSON arguments, as the client wrote them.
            var json = await server.Signals.WaitAsync<string>(run, $"{nsp}:json");
            Assert.Equal("""{"a":1,"list":[true,null,"x"],"nested":{"deep":"héllo ✓"}} | 3.5 | "plain" """.TrimEnd(), json);
            Assert.Equal(Modes.ExpectedTransport(mode), await server.Signals.WaitAsync<string>(run, $"{nsp}:transport"));

            // Client → server: a Buffer argument, and a Buffer nested in an object.
            var binary = await server.Signals.WaitAsync<BinaryObservation>(run, $"{nsp}:binary");
            Assert.Equal(3, binary.Count);
            Assert.True(binary.FirstIsBinary);
            Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, binary.First);
            Assert.False(binary.SecondIsBinary);
            Assert.Equal("nested", binary.NestedLabel);
            Assert.Equal("hello"u8.ToArray(), binary.NestedFile);
            Assert.Equal("tail", binary.Tail);

            // Server → client: byte[] arrives as a Buffer, top-level and nested.
            var fromServer = result.All("binary-from-server").Single(l => l.GetProperty("nsp").GetString() == nsp);
            Assert.True(fromServer.GetProperty("blobIsBuffer").GetBoolean(), result.Describe());
            Assert.Equal(Server.Blob, Bytes(fromServer.GetProperty("blob")));
            Assert.Equal("wrapped", fromServer.GetProperty("wrappedName").GetString());
            Assert.True(fromServer.GetProperty("wrappedIsBuffer").GetBoolean(), result.Describe());
            Assert.Equal(Server.Wrapped, Bytes(fromServer.GetProperty("wrapped")));
            Assert.Equal("text after binary", fromServer.GetProperty("text").GetString());
        }

        Assert.Equal(Modes.ExpectedTransport(mode), result.Step("transport").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Emit_ManyEventsBothWaysDuringConnectAndUpgrade_AllArriveInOrderOnce(string mode)
    {
        const int Count = 500;
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("ordering.mjs", [server.Url, mode, run, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], server))
            .EnsureSuccess();

        var ordering = result.Step("ordering");
        // Server → client.
        Assert.Equal(Count, ordering.GetProperty("received").GetInt32());
        Assert.Equal(-1, ordering.GetProperty("firstOutOfOrder").GetInt32());
        Assert.True(ordering.GetProperty("allTextsMatch").GetBoolean());
        // Client → server.
        var serverSaw = ordering.GetProperty("serverSaw");
        Assert.Equal(Count, serverSaw.GetProperty("received").GetInt32());
        Assert.Equal(-1, serverSaw.GetProperty("firstOutOfOrder").GetInt32());
        Assert.True(serverSaw.GetProperty("textsMatch").GetBoolean());
        Assert.Equal(Modes.ExpectedTransport(mode), ordering.GetProperty("transport").GetString());
    }

    internal static byte[] Bytes(JsonElement array) => [.. array.EnumerateArray().Select(b => b.GetByte())];
}
