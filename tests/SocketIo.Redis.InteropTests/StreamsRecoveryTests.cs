using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Redis.InteropTests.Infrastructure;
using StackExchange.Redis;
using static SocketIo.Redis.InteropTests.Infrastructure.TestCluster;

namespace SocketIo.Redis.InteropTests;

/// <summary>
/// Connection state recovery across a mixed cluster on Redis Streams (Node's socket.io 4.8.4 with
/// <c>@socket.io/redis-streams-adapter</c> 0.3.1, and ours), with socket.io-client 4.8.4, which recovers by itself: a
/// member on A loses its transport, misses broadcasts from both nodes, and comes back to B, which recovers it with its
/// id and room and replays what it missed.
/// </summary>
public sealed class StreamsRecoveryTests
{
    public static TheoryData<NodeKind, NodeKind> Pairs => new()
    {
        { NodeKind.Node, NodeKind.Ours },
        { NodeKind.Ours, NodeKind.Ours },
        { NodeKind.Ours, NodeKind.Node },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task MemberCutFromA_ReconnectsToB_RecoveredWithWhatItMissed(NodeKind first, NodeKind second)
    {
        await using var c = await StartAsync(first, second, AdapterKind.Streams, recovery: true);
        // The client learns its offset from the last argument of a recoverable event.
        await c.CallAsync(ControlA, "emitTo", Target("before", 0));
        var before = JsonDocument.Parse(await c.Clients.EventAsync("a-ws", "before")).RootElement;
        Assert.Matches("^[0-9]+-[0-9]+$", before[1].GetString());

        // The client closed its own engine ("forced close" to it); the node sees its transport close, a recoverable reason.
        Assert.Equal("forced close", await c.Clients.CutAsync("a-ws"));
        await SessionStoredAsync(c.Redis);

        // While it is away: to another room and to its room from B, to its room and to all from A. b-ws (on B, in m)
        // having them means every node has them in the stream (a node delivers its own after Redis took them).
        await c.CallAsync(ControlB, "emitTo", new JsonObject { ["rooms"] = new JsonArray("elsewhere"), ["event"] = "notforit", ["args"] = new JsonArray(0) });
        await c.CallAsync(ControlB, "emitTo", Target("missed", 1));
        await c.CallAsync(ControlA, "emitTo", Target("missed", 2));
        await c.CallAsync(ControlA, "emitTo", new JsonObject { ["event"] = "missed", ["args"] = new JsonArray(3) });
        for (var i = 0; i < 3; i++)
        {
            await c.Clients.EventAsync("b-ws", "missed");
        }

        var (id, recovered) = await c.Clients.ReconnectAsync("a-ws", c.B.Url);

        Assert.True(recovered);
        Assert.Equal(c.Id("a-ws"), id);
        var missed = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(JsonDocument.Parse(await c.Clients.EventAsync("a-ws", "missed")).RootElement);
        }

        // A's two come in A's order; B's may fall anywhere between, as Redis received them. Offsets rise.
        Assert.Equal([1, 2, 3], missed.Select(static m => m[0].GetInt32()).Order());
        var values = missed.Select(static m => m[0].GetInt32()).ToList();
        Assert.True(values.IndexOf(2) < values.IndexOf(3));
        var offsets = missed.Select(static m => m[1].GetString()!).ToList();
        Assert.All(offsets, static o => Assert.Matches("^[0-9]+-[0-9]+$", o));
        Assert.Equal(offsets.Order(Comparer<string>.Create(CompareIds)), offsets);

        // Back in its room, on B now.
        await c.CallAsync(ControlA, "emitTo", Target("live", 4));
        Assert.StartsWith("[4,", await c.Clients.EventAsync("a-ws", "live"), StringComparison.Ordinal);
        await c.FenceAsync(ControlB);
        Assert.DoesNotContain("notforit", c.Clients.UntakenEvents("a-ws"));
        Assert.DoesNotContain("missed", c.Clients.UntakenEvents("a-ws"));
    }

    private static JsonObject Target(string eventName, int value) =>
        new() { ["rooms"] = new JsonArray("m"), ["event"] = eventName, ["args"] = new JsonArray(value) };

    /// <summary>The disconnected node writes the session in the background: the client comes back once it is there.</summary>
    private static async Task SessionStoredAsync(string redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var server = connection.GetServers()[0];
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        while (!server.Keys(pattern: "sio:session:*").Any())
        {
            deadline.Token.ThrowIfCancellationRequested();
            // Each try is a round trip to Redis: no pause needed.
            await connection.GetDatabase().PingAsync();
        }
    }

    private static int CompareIds(string? x, string? y)
    {
        static (long, long) Parse(string s)
        {
            var dash = s.IndexOf('-', StringComparison.Ordinal);
            return (long.Parse(s.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture), long.Parse(s.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return Parse(x!).CompareTo(Parse(y!));
    }
}
