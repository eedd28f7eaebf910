using ScriptService.Tests.Cluster.Infrastructure;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Cluster;

/// <summary>
/// deploy/: HAProxy balances new sessions over the nodes and keeps every request of a polling session, and its
/// upgrade to WebSocket, on the node that holds the session. A request on another node would be answered 400 (the
/// session is unknown there) and the client would drop.
/// </summary>
[Collection(ClusterTestsAlone.Name)]
public sealed class HaproxyStickinessTests
{
    [Fact]
    public async Task Sessions_ThroughHaproxy_AreSpreadOverTheNodesAndEachStaysOnItsNode()
    {
        await using var deployment = await Deployment.StartAsync();
        await using var node = NodeDriver.Start(deployment.Url, deployment.Describe);
        string[] modes = ["polling", "upgrade", "websocket"];
        var sockets = Enumerable.Range(0, 9).Select(i => (Name: "s" + i, Mode: modes[i % 3])).ToList();
        foreach (var (name, mode) in sockets)
        {
            await node.ConnectAsync(name, mode);
            if (mode == "upgrade")
            {
                await node.EventAsync(name, "upgrade");
            }
        }

        // Round trips on every session: each emit of a polling session is a POST, each ack comes on a GET.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, _) in sockets)
            {
                var jobId = Scripts.NewJobId("sticky");
                Expect.AckSuccess(await node.RegisterAsync(name, jobId), jobId);
            }
        }

        foreach (var (name, _) in sockets)
        {
            Assert.True(node.Events(name, "disconnect").Count == 0, $"Socket '{name}' dropped.{Environment.NewLine}{node.Describe()}");
            Assert.Single(node.Events(name, "connection_ack"));
        }

        // Every node got sessions: staying on one was not for want of others.
        var stats = await deployment.StatsAsync();
        foreach (var server in new[] { "node1", "node2", "node3" })
        {
            var row = stats.Single(r => r["pxname"] == "nodes" && r["svname"] == server);
            Assert.True(long.Parse(row["stot"], System.Globalization.CultureInfo.InvariantCulture) > 0, $"{server} served nothing.{Environment.NewLine}{deployment.Describe()}");
        }
    }
}
