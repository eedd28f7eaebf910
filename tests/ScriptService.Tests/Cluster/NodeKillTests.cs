using System.Net;
using System.Text.Json;
using ScriptService.Tests.Cluster.Infrastructure;
using ScriptService.Tests.Generation.Llm;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Cluster;

/// <summary>
/// A node dies (<c>kill -9</c>) holding work: the jobs it ran and the jobs waiting are finished by the other nodes
/// once the dead node's jobs are stale (<c>ScriptService:Redis:StaleJobAfter</c>, 5 s here), and each result reaches
/// every socket registered for it once.
/// </summary>
[Collection(ClusterTestsAlone.Name)]
public sealed class NodeKillTests
{
    private const int WorkersPerNode = 2;

    [Fact]
    public async Task KillNine_NodeRunningAndQueuingJobs_EveryAcceptedJobCompletesOnAnotherNodeOncePerSocket()
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var deployment = await Deployment.StartAsync(ClusterSettings.Llm(llm.Endpoint, WorkersPerNode));
        var (node1, node2, node3) = (deployment.NodeUrls[0], deployment.NodeUrls[1], deployment.NodeUrls[2]);
        await using var node = NodeDriver.Start(node1, deployment.Describe);
        string[] survivors = ["on1", "on3"];
        await node.ConnectAsync("on1", url: node1);
        await node.ConnectAsync("on3", url: node3);
        await node.ConnectAsync("on2", url: node2);

        // As many jobs as the three nodes have workers: the model holds each, so every node runs two when all are
        // held (no node runs more than its workers). Then as many again, which wait.
        var running = Enumerable.Range(0, 3 * WorkersPerNode).Select(i => Scripts.NewJobId("running" + i)).ToList();
        var queued = Enumerable.Range(0, 3 * WorkersPerNode).Select(i => Scripts.NewJobId("queued" + i)).ToList();
        await RegisterAndPostOnAsync(deployment, node, node2, running);
        var held = new List<RecordedChatRequest>();
        for (var i = 0; i < running.Count; i++)
        {
            held.Add(await llm.NextRequestAsync());
        }

        await RegisterAndPostOnAsync(deployment, node, node2, queued);
        await deployment.KillAsync("node2");

        // Node 2's two model calls broke off with it: it was running jobs when it died.
        var aborted = 0;
        var pending = held.Select(h => h.Aborted.Task).ToList();
        while (aborted < WorkersPerNode)
        {
            var done = await Task.WhenAny(pending).DefaultTimeout();
            pending.Remove(done);
            aborted++;
        }

        llm.Release();
        foreach (var jobId in running.Concat(queued))
        {
            foreach (var sock in survivors)
            {
                Expect.Succeeded(await node.ResultAsync(sock, jobId).WaitAsync(TimeSpan.FromSeconds(60)), jobId, "Topic of " + jobId);
            }
        }

        // Once each: a later job's result reaches both sockets after anything still on the way.
        var sentinel = Scripts.NewJobId("sentinel");
        foreach (var sock in survivors)
        {
            Expect.AckSuccess(await node.RegisterAsync(sock, sentinel), sentinel);
        }

        using (var post = await deployment.PostAsync(node3, Scripts.Body(sentinel, "Sentinel")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        foreach (var sock in survivors)
        {
            await node.ResultAsync(sock, sentinel);
            foreach (var jobId in running.Concat(queued))
            {
                Assert.True(node.ResultCount(sock, jobId) == 1, $"'{sock}' got '{jobId}' {node.ResultCount(sock, jobId)} times.{Environment.NewLine}{node.Describe()}");
            }
        }

        // Stored once, as succeeded, for every node still there.
        foreach (var url in new[] { node1, node3 })
        {
            foreach (var jobId in running.Concat(queued))
            {
                using var get = await deployment.GetJobAsync(url, jobId);
                var text = await get.Content.ReadAsStringAsync();
                Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET {jobId} on {url}: {(int)get.StatusCode} {text}");
                Assert.Equal("succeeded", JsonDocument.Parse(text).RootElement.GetProperty("state").GetString());
            }
        }
    }

    /// <summary>Registers each job on the sockets of nodes 1, 2 and 3, then POSTs it on <paramref name="url"/> (202).</summary>
    private static async Task RegisterAndPostOnAsync(Deployment deployment, NodeDriver node, string url, IEnumerable<string> jobIds)
    {
        foreach (var jobId in jobIds)
        {
            foreach (var sock in new[] { "on1", "on2", "on3" })
            {
                Expect.AckSuccess(await node.RegisterAsync(sock, jobId), jobId);
            }

            using var post = await deployment.PostAsync(url, Scripts.Body(jobId, "Topic of " + jobId));
            Assert.True(post.StatusCode == HttpStatusCode.Accepted, $"POST {jobId}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
        }
    }
}
