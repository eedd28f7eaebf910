using System.Text.Json;
using SocketIo.Redis.InteropTests.Infrastructure;
using static SocketIo.Redis.InteropTests.Infrastructure.TestCluster;

// Every cluster starts its own redis-server, so that no subscription left by another test's nodes is counted among
// its servers.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]

namespace SocketIo.Redis.InteropTests;

/// <summary>A Node socket.io node acts; ours and Node's members see it.</summary>
public sealed class NodeToOursTests() : ClusterScenarios(NodeKind.Node, NodeKind.Ours)
{
    /// <summary>
    /// What only Node can put in a broadcast: a Date (notepack's extension -1, which Node's clients get as the ISO
    /// string JSON makes of it) and binary nested in objects and arrays (attachments in placeholders).
    /// </summary>
    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Broadcast_DatesAndNestedBinary_ReachOurMembersAsNodesMembersGetThem(string adapter)
    {
        await using var c = await StartAsync(adapter);

        await c.CallAsync(ControlA, "emitTo", Json("""{"rooms":["m"],"event":"mixed","args":[{"$date":"2026-01-02T03:04:05.678Z"},{"file":{"$binary":"0a0b"},"list":[{"$binary":"ff"},2,{"deep":{"$binary":"00"}}]},-1.5]}"""));
        foreach (var member in Members)
        {
            Assert.Equal(
                """["2026-01-02T03:04:05.678Z",{"file":{"$binary":"0a0b"},"list":[{"$binary":"ff"},2,{"deep":{"$binary":"00"}}]},-1.5]""",
                await c.Clients.EventAsync(member, "mixed"));
        }
    }
}

/// <summary>Our node acts; Node's and ours members see it.</summary>
public sealed class OursToNodeTests() : ClusterScenarios(NodeKind.Ours, NodeKind.Node)
{
    /// <summary>
    /// A Node node that crashes stops being counted: our requests (fetch, server-side emit with ack, broadcast with
    /// ack) end with this node's part, and none waits for the dead one until its timeout.
    /// </summary>
    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Requests_NodeNodeKilled_NoLongerWaitForIt(string adapter)
    {
        await using var c = await StartAsync(adapter);
        await ((NodeServerNode)c.B).KillAsync();
        Assert.Equal("transport close", await c.Clients.DisconnectedAsync("b-ws"));

        Assert.Equal(c.Ids("a-ws", "a-poll"), await c.FetchIdsAsync(ControlA, Json("""{"rooms":["m"]}""")));
        var result = await c.CallAsync(ControlA, "serverSideEmitWithAck", Json("""{"event":"ask"}"""));
        Assert.Equal("""{"error":null,"responses":[]}""", result.GetRawText());
        // A timeout far beyond the default wait: the ack can only come in time if the dead node is not counted.
        result = await c.CallAsync(ControlA, "emitWithAckTo", Json("""{"rooms":["m"],"event":"q","timeout":120000}"""));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.Equal(2, result.GetProperty("responses").GetArrayLength());
        Assert.Equal(2, result.GetProperty("expected").GetInt32());
    }
}

/// <summary>Two of our nodes pass the same scenarios.</summary>
public sealed class OursToOursTests() : ClusterScenarios(NodeKind.Ours, NodeKind.Ours);
