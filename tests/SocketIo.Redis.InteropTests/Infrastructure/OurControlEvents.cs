using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// The control events of <c>node/node-server.mjs</c> on our server, with the same arguments and acks, so that the
/// scenarios drive a node the same way whoever wrote it. Arguments are JSON; <c>{"$binary": "&lt;hex&gt;"}</c> as an
/// argument becomes a byte array (top-level arguments only, which is all the scenarios send).
/// </summary>
internal static class OurControlEvents
{
    private const string TimedOutError = "operation has timed out";

    public static void Register(ISocketIoServer io, string name)
    {
        var nsp = io.Sockets;
        var received = new ConcurrentQueue<JsonObject>();
        nsp.OnServerSideEmit("who", static e => e.AckAsync(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
        nsp.OnServerSideEmit("ask", e => e.AckAsync(Answer(name, e)));
        foreach (var eventName in new[] { "hello", "note" })
        {
            nsp.OnServerSideEmit(eventName, e =>
            {
                received.Enqueue(new JsonObject { ["event"] = e.Name, ["args"] = Arguments(e) });
                return e.HasAck ? e.AckAsync(Answer(name, e)) : ValueTask.CompletedTask;
            });
        }

        nsp.OnConnection(socket =>
        {
            socket.On("info", e => e.AckAsync(Element(new JsonObject { ["name"] = name, ["pid"] = Environment.ProcessId })));
            socket.On("join", e =>
            {
                socket.Join(e.Get<string>(0)!);
                return e.AckAsync();
            });
            socket.On("leave", e =>
            {
                socket.Leave(e.Get<string>(0)!);
                return e.AckAsync();
            });
            socket.On("count", async e =>
            {
                var sockets = await nsp.In(e.Get<string>(0)!).FetchSocketsAsync();
                await e.AckAsync(sockets.Count);
            });
            socket.On("setData", e =>
            {
                socket.Data = e[0].Clone();
                return e.AckAsync();
            });
            socket.On("emitTo", async e =>
            {
                var o = e[0];
                var op = Target(nsp, o);
                if (Flag(o, "volatile"))
                {
                    op = op.Volatile;
                }

                if (Flag(o, "local"))
                {
                    op = op.Local;
                }

                await op.EmitAsync(o.GetProperty("event").GetString()!, FromWire(o));
                await e.AckAsync();
            });
            socket.On("emitWithAckTo", async e =>
            {
                var o = e[0];
                var timeout = o.TryGetProperty("timeout", out var t) ? t.GetInt32() : 5000;
                var result = await Target(nsp, o).Timeout(TimeSpan.FromMilliseconds(timeout)).EmitWithAckAsync(o.GetProperty("event").GetString()!, FromWire(o));
                var responses = new JsonArray();
                foreach (var response in result.Responses)
                {
                    responses.Add(response.IsBinary(0)
                        ? new JsonObject { ["$binary"] = Convert.ToHexStringLower(response.GetBinary(0).Span) }
                        : JsonNode.Parse(response[0].GetRawText()));
                }

                // "expected" is ours only (Node's API does not tell): the clients every node reported.
                await e.AckAsync(Element(new JsonObject { ["error"] = result.TimedOut ? TimedOutError : null, ["responses"] = responses, ["expected"] = result.Expected }));
            });
            socket.On("fetch", async e =>
            {
                var sockets = await Target(nsp, e[0]).FetchSocketsAsync();
                var list = new JsonArray();
                foreach (var remote in sockets.OrderBy(s => s.Id, StringComparer.Ordinal))
                {
                    var handshake = remote.Handshake;
                    list.Add(new JsonObject
                    {
                        ["id"] = remote.Id,
                        ["rooms"] = new JsonArray(remote.Rooms.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r).ToArray()),
                        ["data"] = remote.Data is JsonElement { ValueKind: not JsonValueKind.Undefined } data ? JsonNode.Parse(data.GetRawText()) : null,
                        ["handshake"] = new JsonObject
                        {
                            ["auth"] = Node(handshake, "auth"),
                            ["query"] = Node(handshake, "query"),
                            ["address"] = Node(handshake, "address"),
                            ["issued"] = Node(handshake, "issued"),
                            ["url"] = Node(handshake, "url"),
                        },
                    });
                }

                await e.AckAsync(Element(list));
            });
            socket.On("socketsJoin", async e =>
            {
                await Target(nsp, e[0]).SocketsJoinAsync(e[0].GetProperty("join").GetString()!);
                await e.AckAsync();
            });
            socket.On("socketsLeave", async e =>
            {
                await Target(nsp, e[0]).SocketsLeaveAsync(e[0].GetProperty("leave").GetString()!);
                await e.AckAsync();
            });
            socket.On("disconnectSockets", async e =>
            {
                await Target(nsp, e[0]).DisconnectSocketsAsync(Flag(e[0], "close"));
                await e.AckAsync();
            });
            socket.On("remoteEmit", e => OnRemoteAsync(nsp, e, (remote, o) => remote.EmitAsync(o.GetProperty("event").GetString()!, FromWire(o))));
            socket.On("remoteJoin", e => OnRemoteAsync(nsp, e, static (remote, o) => remote.JoinAsync(o.GetProperty("room").GetString()!)));
            socket.On("remoteLeave", e => OnRemoteAsync(nsp, e, static (remote, o) => remote.LeaveAsync(o.GetProperty("room").GetString()!)));
            socket.On("remoteDisconnect", e => OnRemoteAsync(nsp, e, static (remote, o) => remote.DisconnectAsync(Flag(o, "close"))));
            socket.On("serverSideEmit", async e =>
            {
                await nsp.ServerSideEmitAsync(e[0].GetProperty("event").GetString()!, FromWire(e[0]));
                await e.AckAsync();
            });
            socket.On("serverSideEmitWithAck", async e =>
            {
                var result = await nsp.ServerSideEmitWithAckAsync(e[0].GetProperty("event").GetString()!, FromWire(e[0]));
                var responses = new JsonArray(result.Responses.Select(r => JsonNode.Parse(r.GetRawText())).ToArray());
                await e.AckAsync(Element(new JsonObject { ["error"] = result.TimedOut ? "timeout reached" : null, ["responses"] = responses }));
            });
            socket.On("allRooms", async e =>
            {
                var rooms = await nsp.Adapter.AllRoomsAsync();
                await e.AckAsync(Element(new JsonArray(rooms.Order(StringComparer.Ordinal).Select(static r => (JsonNode?)r).ToArray())));
            });
            socket.On("received", e => e.AckAsync(Element(new JsonArray(received.Select(r => r.DeepClone()).ToArray()))));
            return ValueTask.CompletedTask;
        });
    }

    private static async ValueTask OnRemoteAsync(SocketIoNamespace nsp, SocketIoEvent e, Func<SocketIoRemoteSocket, JsonElement, ValueTask> action)
    {
        var o = e[0].Clone();
        var sockets = await nsp.In(o.GetProperty("id").GetString()!).FetchSocketsAsync();
        foreach (var remote in sockets)
        {
            await action(remote, o);
        }

        await e.AckAsync(sockets.Count);
    }

    private static SocketIoBroadcastOperator Target(SocketIoNamespace nsp, JsonElement o)
    {
        // A neutral start: the timeout matters only to the emits with acks, which set their own.
        var op = nsp.Timeout(TimeSpan.FromSeconds(5));
        foreach (var room in Strings(o, "rooms"))
        {
            op = op.To(room);
        }

        foreach (var room in Strings(o, "except"))
        {
            op = op.Except(room);
        }

        return op;
    }

    private static IEnumerable<string> Strings(JsonElement o, string property) =>
        o.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(static v => v.GetString()!).ToArray()
            : [];

    private static bool Flag(JsonElement o, string property) => o.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary><c>args</c> of a control event: byte arrays for <c>{"$binary"}</c>, the JSON itself otherwise.</summary>
    private static object?[] FromWire(JsonElement o)
    {
        if (!o.TryGetProperty("args", out var args))
        {
            return [];
        }

        return args.EnumerateArray().Select(static a =>
            a.ValueKind == JsonValueKind.Object && a.TryGetProperty("$binary", out var hex) && a.EnumerateObject().Count() == 1
                ? (object?)Convert.FromHexString(hex.GetString()!)
                : a.Clone()).ToArray();
    }

    private static JsonObject Answer(string name, SocketIoArguments e) => new() { ["name"] = name, ["args"] = Arguments(e) };

    private static JsonArray Arguments(SocketIoArguments e)
    {
        var args = new JsonArray();
        for (var i = 0; i < e.Count; i++)
        {
            args.Add(JsonNode.Parse(e[i].GetRawText()));
        }

        return args;
    }

    private static JsonNode? Node(JsonElement o, string property) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(property, out var value) ? JsonNode.Parse(value.GetRawText()) : null;

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
