using System.Net;
using System.Text.Json;
using ScriptService.Tests.Cluster.Infrastructure;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Cluster;

/// <summary>
/// Redis stops and comes back (deploy/stop.sh redis, deploy/start.sh redis): meanwhile every node, and HAProxy in
/// front, refuse new jobs at once with 503 and Retry-After and report not ready; afterwards the deployment serves in
/// full again, and a job accepted before the outage (stored with append-only persistence) is finished and delivered.
/// </summary>
[Collection(ClusterTestsAlone.Name)]
public sealed class RedisRestartTests
{
    /// <summary>How long a POST may take to be refused while Redis is away: long enough for a loaded machine, far short of a hang.</summary>
    private static readonly TimeSpan _refusalBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RedisRestart_PostsAnswer503WithRetryAfterMeanwhile_ThenEveryNodeServesAgain()
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var deployment = await Deployment.StartAsync(ClusterSettings.Llm(llm.Endpoint, workers: 1));
        await using var node = NodeDriver.Start(deployment.NodeUrls[0], deployment.Describe);
        await node.ConnectAsync("a", url: deployment.NodeUrls[0], reconnection: true, reregister: true);

        // A job accepted before the outage, running (held by the model) while Redis is away.
        var before = Scripts.NewJobId("before");
        Expect.AckSuccess(await node.RegisterAsync("a", before), before);
        using (var post = await deployment.PostAsync(deployment.NodeUrls[1], Scripts.Body(before, "Before the outage")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        await llm.NextRequestAsync();
        await deployment.StopAsync("redis");

        // Every node and HAProxy: 503, problem+json, Retry-After, promptly; readiness fails.
        var refused = Scripts.NewJobId("refused");
        foreach (var url in deployment.NodeUrls.Append(deployment.Url))
        {
            using var timeout = new CancellationTokenSource(_refusalBound);
            using var post = await deployment.Http.PostAsync(
                url + "/api/scripts",
                new StringContent(Scripts.Body(refused, "During the outage").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                timeout.Token);
            await Expect.ProblemAsync(post, HttpStatusCode.ServiceUnavailable);
            Assert.True(post.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"{url}: Retry-After is {post.Headers.RetryAfter}");
        }

        foreach (var url in deployment.NodeUrls)
        {
            using var timeout = new CancellationTokenSource(_refusalBound);
            using var ready = await deployment.Http.GetAsync(url + "/readyz", timeout.Token);
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url}/readyz answered {(int)ready.StatusCode} while Redis is away");
        }

        await deployment.StartAsync("redis");

        // start.sh returned once every node was ready again and HAProxy saw it: full service, on every node.
        var after = new List<string>();
        foreach (var url in deployment.NodeUrls.Append(deployment.Url))
        {
            var jobId = Scripts.NewJobId("after");
            after.Add(jobId);
            Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
            using var post = await deployment.PostAsync(url, Scripts.Body(jobId, "After " + jobId));
            Assert.True(post.StatusCode == HttpStatusCode.Accepted, $"POST on {url} after the outage: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
        }

        llm.Release();
        Expect.Succeeded(await node.ResultAsync("a", before), before, "Before the outage");
        foreach (var jobId in after)
        {
            Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "After " + jobId);
        }

        foreach (var url in deployment.NodeUrls)
        {
            using (var ready = await deployment.Http.GetAsync(url + "/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            using var get = await deployment.GetJobAsync(url, before);
            var text = await get.Content.ReadAsStringAsync();
            Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET on {url}: {(int)get.StatusCode} {text}");
            Assert.Equal("succeeded", JsonDocument.Parse(text).RootElement.GetProperty("state").GetString());
        }

        // The job refused during the outage was not stored.
        using (var get = await deployment.GetJobAsync(deployment.NodeUrls[0], refused))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        Assert.Equal(1, node.ResultCount("a", before));
    }
}
