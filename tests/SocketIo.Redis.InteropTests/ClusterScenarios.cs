using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Redis.InteropTests.Infrastructure;
using static SocketIo.Redis.InteropTests.Infrastructure.TestCluster;

namespace SocketIo.Redis.InteropTests;

/// <summary>
/// The scenarios of a mixed cluster: node A acts (through its control client) and members on A and B, over WebSocket
/// and polling, see the effect. The subclasses choose whose server A and B run, so that every scenario runs from a
/// Node node to ours, from ours to a Node node, and between two of ours; each runs once per adapter kind
/// (<see cref="AdapterKind"/>).
/// </summary>
public abstract class ClusterScenarios(NodeKind first, NodeKind second)
{
    public static TheoryData<string> Adapters => AdapterKind.All;

    public static TheoryData<string> AdaptersHeardByTheEmitter => AdapterKind.HeardByTheEmitter;

    public static TheoryData<string> AdaptersWithAllRooms => AdapterKind.WithAllRooms;

    private protected Task<TestCluster> StartAsync(string adapter) => TestCluster.StartAsync(first, second, AdapterKind.Named(adapter));

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Broadcasts_ToAllToRoomsExceptLocalWithBinary_ReachExactlyTheirMembersOnBothNodes(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-poll", "r1");
        await c.JoinAsync("b-ws", "r1");

        await c.CallAsync(ControlA, "emitTo", Json("""{"event":"all","args":[1,"two",{"three":[3]},null,true]}"""));
        foreach (var member in Members)
        {
            Assert.Equal("""[1,"two",{"three":[3]},null,true]""", await c.Clients.EventAsync(member, "all"));
        }

        await c.CallAsync(ControlA, "emitTo", Json("""{"rooms":["r1"],"event":"room","args":[{"$binary":"0102ff"},"t",{"$binary":""}]}"""));
        Assert.Equal("""[{"$binary":"0102ff"},"t",{"$binary":""}]""", await c.Clients.EventAsync("a-poll", "room"));
        Assert.Equal("""[{"$binary":"0102ff"},"t",{"$binary":""}]""", await c.Clients.EventAsync("b-ws", "room"));

        // A room name with the channel separator and non-ASCII in it, and a large binary argument.
        await c.JoinAsync("b-poll", "sälle#1");
        var large = Convert.ToHexStringLower(Enumerable.Range(0, 100_000).Select(static i => (byte)(i * 7)).ToArray());
        await c.CallAsync(ControlA, "emitTo", new JsonObject { ["rooms"] = new JsonArray("sälle#1"), ["event"] = "big", ["args"] = new JsonArray(new JsonObject { ["$binary"] = large }, "ü") });
        Assert.Equal($$"""[{"$binary":"{{large}}"},"ü"]""", await c.Clients.EventAsync("b-poll", "big"));

        await c.CallAsync(ControlA, "emitTo", Json("""{"rooms":["m"],"except":["r1"],"event":"exc","args":["e"]}"""));
        Assert.Equal("""["e"]""", await c.Clients.EventAsync("a-ws", "exc"));
        Assert.Equal("""["e"]""", await c.Clients.EventAsync("b-poll", "exc"));

        // Except a single socket by its id, and two rooms at once (each member once).
        await c.CallAsync(ControlA, "emitTo", new JsonObject { ["rooms"] = new JsonArray("m", "r1"), ["except"] = new JsonArray(c.Id("b-poll")), ["event"] = "two" });
        foreach (var member in new[] { "a-ws", "a-poll", "b-ws" })
        {
            Assert.Equal("[]", await c.Clients.EventAsync(member, "two"));
        }

        // Volatile: a node drops it for a connection that cannot take it now, which a polling one without a pending
        // request cannot; an idle WebSocket can, on either node.
        await c.CallAsync(ControlA, "emitTo", new JsonObject { ["rooms"] = new JsonArray("m"), ["except"] = new JsonArray(c.Id("a-poll"), c.Id("b-poll")), ["volatile"] = true, ["event"] = "vol", ["args"] = new JsonArray(1) });
        Assert.Equal("[1]", await c.Clients.EventAsync("a-ws", "vol"));
        Assert.Equal("[1]", await c.Clients.EventAsync("b-ws", "vol"));

        await c.CallAsync(ControlA, "emitTo", Json("""{"rooms":["m"],"local":true,"event":"loc"}"""));
        Assert.Equal("[]", await c.Clients.EventAsync("a-ws", "loc"));
        Assert.Equal("[]", await c.Clients.EventAsync("a-poll", "loc"));

        await c.FenceAsync(ControlA);
        foreach (var member in Members)
        {
            Assert.Empty(c.Clients.UntakenEvents(member));
        }
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task BroadcastWithAck_CollectsTheAcksOfClientsOnBothNodes_AndTheTimeoutReturnsThePartialResults(string adapter)
    {
        await using var c = await StartAsync(adapter);

        var result = await c.CallAsync(ControlA, "emitWithAckTo", Json("""{"rooms":["m"],"event":"q","args":[{"$binary":"07"}],"timeout":10000}"""));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        AssertClientCount(result, 4);
        Assert.Equal(Members.Order(StringComparer.Ordinal), Answered(result, "q"));
        foreach (var member in Members)
        {
            Assert.Equal("""[{"$binary":"07"}]""", await c.Clients.EventAsync(member, "q"));
        }

        // Binary acks, from a member of each node.
        await c.ConnectAsync("a-bin", c.A, "polling", AckMode.Binary);
        await c.ConnectAsync("b-bin", c.B, "websocket", AckMode.Binary);
        await c.JoinAsync("a-bin", "bin");
        await c.JoinAsync("b-bin", "bin");
        result = await c.CallAsync(ControlA, "emitWithAckTo", Json("""{"rooms":["bin"],"event":"qb","timeout":10000}"""));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.Equal(
            new[] { "a-bin", "b-bin" },
            result.GetProperty("responses").EnumerateArray().Select(static r => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(r.GetProperty("$binary").GetString()!))).Order(StringComparer.Ordinal));

        // A member on B that never answers: the ack times out with the answers of the other four.
        await c.ConnectAsync("b-silent", c.B, "polling", AckMode.None);
        await c.JoinAsync("b-silent", "m");
        await c.BarrierAsync();
        result = await c.CallAsync(ControlA, "emitWithAckTo", Json("""{"rooms":["m"],"event":"q2","timeout":1500}"""));
        Assert.Equal("operation has timed out", result.GetProperty("error").GetString());
        AssertClientCount(result, 5);
        Assert.Equal(Members.Order(StringComparer.Ordinal), Answered(result, "q2"));
        Assert.Equal("[]", await c.Clients.EventAsync("b-silent", "q2"));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task FetchSockets_ReturnsTheSocketsOfBothNodes_WithIdRoomsDataAndHandshake(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-ws", "r1");
        await c.JoinAsync("b-ws", "r1");
        await c.Clients.CallAsync("b-ws", "setData", Json("""{"role":"b","n":[1,2]}"""));

        var sockets = await c.CallAsync(ControlA, "fetch", Json("""{"rooms":["r1"]}"""));
        Assert.Equal(c.Ids("a-ws", "b-ws"), sockets.EnumerateArray().Select(static s => s.GetProperty("id").GetString()!));
        var remote = sockets.EnumerateArray().Single(s => s.GetProperty("id").GetString() == c.Id("b-ws"));
        Assert.Equal(new[] { c.Id("b-ws"), "m", "r1" }.Order(StringComparer.Ordinal), remote.GetProperty("rooms").EnumerateArray().Select(static r => r.GetString()!));
        Assert.Equal("""{"role":"b","n":[1,2]}""", remote.GetProperty("data").GetRawText());
        var handshake = remote.GetProperty("handshake");
        Assert.Equal("""{"token":"b-ws"}""", handshake.GetProperty("auth").GetRawText());
        Assert.Equal("b-ws", handshake.GetProperty("query").GetProperty("q").GetString());
        Assert.Equal("websocket", handshake.GetProperty("query").GetProperty("transport").GetString());
        Assert.StartsWith("/socket.io/", handshake.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.True(handshake.GetProperty("issued").GetInt64() > 0);
        Assert.Contains("127.0.0.1", handshake.GetProperty("address").GetString(), StringComparison.Ordinal);

        // A socket whose data was never set: Node's is {}, and Node code reads fields of it, so ours must send {} too.
        var plain = (await c.CallAsync(ControlA, "fetch", new JsonObject { ["rooms"] = new JsonArray(c.Id("b-poll")) })).EnumerateArray().Single();
        Assert.Equal("{}", plain.GetProperty("data").GetRawText());

        Assert.Equal(c.Ids("a-ws", "a-poll", "b-ws", "b-poll"), await c.FetchIdsAsync(ControlB, Json("""{"rooms":["m"]}""")));
        Assert.Equal(c.Ids("a-ws", "a-poll", "b-poll"), await c.FetchIdsAsync(ControlB, new JsonObject { ["rooms"] = new JsonArray("m"), ["except"] = new JsonArray(c.Id("b-ws")) }));
        Assert.Equal(c.Ids(Members.Append(ControlA).Append(ControlB).ToArray()), await c.FetchIdsAsync(ControlA, new JsonObject()));
        Assert.Equal(4, (await c.CallAsync(ControlA, "count", "m")).GetInt32());
        Assert.Equal(2, (await c.CallAsync(ControlB, "count", "r1")).GetInt32());
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task RemoteSockets_EmitJoinLeaveAndDisconnect_ActOnTheSocketsOfTheOtherNode(string adapter)
    {
        await using var c = await StartAsync(adapter);

        var found = await c.CallAsync(ControlA, "remoteEmit", new JsonObject { ["id"] = c.Id("b-ws"), ["event"] = "direct", ["args"] = JsonNode.Parse("""[7,{"$binary":"aa"}]""") });
        Assert.Equal(1, found.GetInt32());
        Assert.Equal("""[7,{"$binary":"aa"}]""", await c.Clients.EventAsync("b-ws", "direct"));

        Assert.Equal(1, (await c.CallAsync(ControlA, "remoteJoin", new JsonObject { ["id"] = c.Id("b-poll"), ["room"] = "rj" })).GetInt32());
        await c.BarrierAsync();
        Assert.Equal(c.Ids("b-poll"), await c.FetchIdsAsync(ControlA, Json("""{"rooms":["rj"]}""")));
        Assert.Equal(c.Ids("b-poll"), await c.FetchIdsAsync(ControlB, Json("""{"rooms":["rj"]}""")));

        Assert.Equal(1, (await c.CallAsync(ControlA, "remoteLeave", new JsonObject { ["id"] = c.Id("b-poll"), ["room"] = "rj" })).GetInt32());
        await c.BarrierAsync();
        Assert.Empty(await c.FetchIdsAsync(ControlA, Json("""{"rooms":["rj"]}""")));

        Assert.Equal(1, (await c.CallAsync(ControlA, "remoteDisconnect", new JsonObject { ["id"] = c.Id("b-poll") })).GetInt32());
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("b-poll"));
        Assert.Equal(1, (await c.CallAsync(ControlA, "remoteDisconnect", new JsonObject { ["id"] = c.Id("b-ws"), ["close"] = true })).GetInt32());
        // As Node's socket.disconnect(true): the disconnect packet goes before the connection closes.
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("b-ws"));
        await c.BarrierAsync();
        Assert.Equal(c.Ids("a-ws", "a-poll"), await c.FetchIdsAsync(ControlA, Json("""{"rooms":["m"]}""")));
        Assert.Empty(c.Clients.UntakenDisconnects());
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task SocketsJoinAndLeave_MoveTheMatchingSocketsOfBothNodes(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-poll", "r1");
        await c.JoinAsync("b-ws", "r1");

        await c.CallAsync(ControlA, "socketsJoin", Json("""{"rooms":["m"],"except":["r1"],"join":"sj"}"""));
        await c.BarrierAsync();
        Assert.Equal(c.Ids("a-ws", "b-poll"), await c.FetchIdsAsync(ControlB, Json("""{"rooms":["sj"]}""")));

        await c.CallAsync(ControlA, "socketsLeave", new JsonObject { ["rooms"] = new JsonArray(c.Id("b-poll")), ["leave"] = "sj" });
        await c.BarrierAsync();
        Assert.Equal(c.Ids("a-ws"), await c.FetchIdsAsync(ControlA, Json("""{"rooms":["sj"]}""")));

        // A broadcast to the room reaches exactly its members on either node.
        await c.CallAsync(ControlB, "socketsJoin", Json("""{"rooms":["r1"],"join":"sj"}"""));
        await c.BarrierAsync();
        await c.CallAsync(ControlB, "emitTo", Json("""{"rooms":["sj"],"event":"sj"}"""));
        foreach (var member in new[] { "a-ws", "a-poll", "b-ws" })
        {
            Assert.Equal("[]", await c.Clients.EventAsync(member, "sj"));
        }

        await c.FenceAsync(ControlB);
        Assert.Empty(c.Clients.UntakenEvents("b-poll"));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task DisconnectSockets_DisconnectsTheMatchingSocketsOfBothNodes(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-poll", "r1");
        await c.JoinAsync("b-ws", "r1");

        await c.CallAsync(ControlA, "disconnectSockets", Json("""{"rooms":["r1"]}"""));
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("a-poll"));
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("b-ws"));

        await c.CallAsync(ControlA, "disconnectSockets", new JsonObject { ["rooms"] = new JsonArray(c.Id("b-poll")), ["close"] = true });
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("b-poll"));
        await c.BarrierAsync();
        Assert.Equal(c.Ids("a-ws"), await c.FetchIdsAsync(ControlB, Json("""{"rooms":["m"]}""")));
        Assert.Empty(c.Clients.UntakenDisconnects());
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task ServerSideEmit_WithAndWithoutAck_ReachesTheOtherNode(string adapter)
    {
        await using var c = await StartAsync(adapter);

        await c.CallAsync(ControlA, "serverSideEmit", Json("""{"event":"hello","args":[1,"two",{"x":[3]},null]}"""));
        await c.BarrierAsync();
        Assert.Equal("""[{"event":"hello","args":[1,"two",{"x":[3]},null]}]""", (await c.CallAsync(ControlB, "received", null)).GetRawText());
        // The sender does not hear its own server-side events.
        Assert.Equal("[]", (await c.CallAsync(ControlA, "received", null)).GetRawText());

        var result = await c.CallAsync(ControlA, "serverSideEmitWithAck", Json("""{"event":"note","args":["n",{"k":true}]}"""));
        Assert.Equal("""{"error":null,"responses":[{"name":"B","args":["n",{"k":true}]}]}""", result.GetRawText());
        Assert.Equal("""[{"event":"hello","args":[1,"two",{"x":[3]},null]},{"event":"note","args":["n",{"k":true}]}]""", (await c.CallAsync(ControlB, "received", null)).GetRawText());
    }

    [Theory]
    [MemberData(nameof(AdaptersHeardByTheEmitter))]
    public async Task NodeEmitter_EmitSocketsJoinServerSideEmitAndDisconnect_ReachBothNodes(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-ws", "r1");
        await c.JoinAsync("b-poll", "r1");

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"emit","rooms":["r1"],"event":"em","args":[{"$binary":"0a0b"},"x",{"y":1}]}"""));
        Assert.Equal("""[{"$binary":"0a0b"},"x",{"y":1}]""", await c.Clients.EventAsync("a-ws", "em"));
        Assert.Equal("""[{"$binary":"0a0b"},"x",{"y":1}]""", await c.Clients.EventAsync("b-poll", "em"));

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"emit","except":["r1"],"event":"em2"}"""));
        foreach (var member in new[] { "a-poll", "b-ws" })
        {
            Assert.Equal("[]", await c.Clients.EventAsync(member, "em2"));
        }

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"socketsJoin","rooms":["r1"],"join":"ej"}"""));
        await c.BarrierAsync();
        Assert.Equal(c.Ids("a-ws", "b-poll"), await c.FetchIdsAsync(ControlA, Json("""{"rooms":["ej"]}""")));

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"socketsLeave","rooms":["ej"],"leave":"ej"}"""));
        await c.BarrierAsync();
        Assert.Empty(await c.FetchIdsAsync(ControlB, Json("""{"rooms":["ej"]}""")));

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"serverSideEmit","event":"hello","args":["from the emitter",2]}"""));
        await c.BarrierAsync();
        Assert.Equal("""[{"event":"hello","args":["from the emitter",2]}]""", (await c.CallAsync(ControlA, "received", null)).GetRawText());
        Assert.Equal("""[{"event":"hello","args":["from the emitter",2]}]""", (await c.CallAsync(ControlB, "received", null)).GetRawText());

        await Emitter.PublishAsync(c.Redis, Json("""{"op":"disconnectSockets","rooms":["r1"]}"""));
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("a-ws"));
        Assert.Equal("io server disconnect", await c.Clients.DisconnectedAsync("b-poll"));

        await c.FenceAsync(ControlA, "a-poll", "b-ws");
        Assert.Empty(c.Clients.UntakenEvents("a-poll"));
        Assert.Empty(c.Clients.UntakenEvents("b-ws"));
    }

    [Theory]
    [MemberData(nameof(AdaptersWithAllRooms))]
    public async Task AllRooms_RoomsOnBothNodes_ListedByEitherNode(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await c.JoinAsync("a-poll", "r1");
        await c.JoinAsync("b-ws", "r2");

        var expected = new[] { "m", "r1", "r2" }.Concat(c.Ids(Members.Append(ControlA).Append(ControlB).ToArray())).Order(StringComparer.Ordinal).ToArray();
        foreach (var control in new[] { ControlA, ControlB })
        {
            var rooms = await c.CallAsync(control, "allRooms", null);
            Assert.Equal(expected, rooms.EnumerateArray().Select(static r => r.GetString()!));
        }
    }

    /// <summary>Our node also says how many clients the nodes reported (Node's API keeps that to itself).</summary>
    private void AssertClientCount(JsonElement result, int expected)
    {
        if (first == NodeKind.Ours)
        {
            Assert.Equal(expected, result.GetProperty("expected").GetInt32());
        }
    }

    private static IEnumerable<string> Answered(JsonElement result, string eventName) =>
        result.GetProperty("responses").EnumerateArray()
            .Select(r =>
            {
                Assert.Equal(eventName, r.GetProperty("event").GetString());
                return r.GetProperty("client").GetString()!;
            })
            .Order(StringComparer.Ordinal);

    private protected static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
