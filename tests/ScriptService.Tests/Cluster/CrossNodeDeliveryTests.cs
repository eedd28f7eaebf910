using System.Net;
using System.Text.Json;
using ScriptService.Tests.Cluster.Infrastructure;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Cluster;

/// <summary>Three nodes on one Redis (deploy/start.sh): a job belongs to the deployment, not to the node that took it.</summary>
[Collection(ClusterTestsAlone.Name)]
public sealed class CrossNodeDeliveryTests
{
    [Fact]
    public async Task Register_OnNodeA_PostOnNodeB_ResultArrivesOnA_AndEveryNodeAnswersForTheJob()
    {
        await using var deployment = await Deployment.StartAsync();
        var (nodeA, nodeB, nodeC) = (deployment.NodeUrls[0], deployment.NodeUrls[1], deployment.NodeUrls[2]);
        await using var node = NodeDriver.Start(nodeA, deployment.Describe);
        var jobId = Scripts.NewJobId("cross");
        var body = Scripts.Body(jobId, "Across the nodes");

        await node.ConnectAsync("a", url: nodeA);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        using (var post = await deployment.PostAsync(nodeB, body))
        {
            Assert.True(post.StatusCode == HttpStatusCode.Accepted, $"POST on B: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
        }

        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Across the nodes");

        // GET, a repeated POST and a conflicting one answer the same on every node.
        foreach (var url in deployment.NodeUrls)
        {
            using (var get = await deployment.GetJobAsync(url, jobId))
            {
                var text = await get.Content.ReadAsStringAsync();
                Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET on {url}: {(int)get.StatusCode} {text}");
                var status = JsonDocument.Parse(text).RootElement;
                Assert.Equal("succeeded", status.GetProperty("state").GetString());
            }

            using (var again = await deployment.PostAsync(url, body))
            {
                var text = await again.Content.ReadAsStringAsync();
                Assert.True(again.StatusCode == HttpStatusCode.Accepted, $"repeated POST on {url}: {(int)again.StatusCode} {text}");
                Assert.Equal("succeeded", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
            }

            using var conflict = await deployment.PostAsync(url, Scripts.Body(jobId, "Another topic"));
            await Expect.ProblemAsync(conflict, HttpStatusCode.Conflict);
        }

        // A socket that registers later on C gets the stored result, by replay.
        await node.ConnectAsync("late", url: nodeC);
        Expect.AckSuccess(await node.RegisterAsync("late", jobId), jobId);
        Expect.Succeeded(await node.ResultAsync("late", jobId), jobId, "Across the nodes");

        // Once each: a later job's result, posted on C, reaches both sockets after anything still on the way.
        var sentinel = Scripts.NewJobId("sentinel");
        Expect.AckSuccess(await node.RegisterAsync("a", sentinel), sentinel);
        Expect.AckSuccess(await node.RegisterAsync("late", sentinel), sentinel);
        using (var post = await deployment.PostAsync(nodeC, Scripts.Body(sentinel, "Sentinel")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        await node.ResultAsync("a", sentinel);
        await node.ResultAsync("late", sentinel);
        Assert.True(node.ResultCount("a", jobId) == 1, $"'a' got the result {node.ResultCount("a", jobId)} times.{Environment.NewLine}{node.Describe()}");
        Assert.True(node.ResultCount("late", jobId) == 1, $"'late' got the result {node.ResultCount("late", jobId)} times.{Environment.NewLine}{node.Describe()}");
    }
}
