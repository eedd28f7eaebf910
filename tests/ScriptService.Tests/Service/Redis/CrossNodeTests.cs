using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// Two nodes of the service on one Redis, in this process: a job posted to one node reaches a socket on the other
/// exactly once, reads the same on both, and reposts are answered alike on both.
/// </summary>
public sealed class CrossNodeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Post_OnNodeB_ResultReachesTheSocketOnNodeAOnceAndReadsTheSameOnBoth()
    {
        var prefix = redis.NewKey();
        await using var llm = await HeldLlm.StartAsync();

        // A's one worker is kept busy by a held job, so that the job under test can only run on B.
        await using var a = await ServiceHost.StartAsync(RedisNodes.HeldSettings(redis.Server, prefix, llm));
        var blocker = Scripts.NewJobId("blocker");
        await a.PostAcceptedAsync(Scripts.Body(blocker, "Held on A"));
        await llm.NextRequestAsync();
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix));

        await using var node = NodeDriver.Start(a.Url, () => a.Describe() + Environment.NewLine + b.Describe());
        await node.ConnectAsync("onA");
        var jobId = Scripts.NewJobId("cross");
        Expect.AckSuccess(await node.RegisterAsync("onA", jobId), jobId);
        await b.PostAcceptedAsync(Scripts.Body(jobId, "Posted to B"));

        var result = await node.ResultAsync("onA", jobId);
        Expect.Succeeded(result, jobId, "Posted to B");
        Assert.Contains(b.Logs.Entries, e => e.EventId.Name == "JobFinished" && e.Message.Contains(jobId, StringComparison.Ordinal));
        Assert.DoesNotContain(a.Logs.Entries, e => e.EventId.Name == "JobFinished" && e.Message.Contains(jobId, StringComparison.Ordinal));

        // GET on either node: the same job, the same result as the socket got.
        string? seen = null;
        foreach (var host in new[] { a, b })
        {
            using var get = await host.GetJobAsync(jobId);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var status = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("succeeded", status.GetProperty("state").GetString());
            var stored = status.GetProperty("result").GetProperty("data").GetProperty("script").GetString();
            Assert.Equal(result.GetProperty("data").GetProperty("script").GetString(), stored);
            seen ??= status.GetProperty("result").GetRawText();
            Assert.Equal(seen, status.GetProperty("result").GetRawText());
        }

        // Exactly once, though the node that ran it and the adapter both carried it.
        await DeliveryTests.AssertFinalCountAsync(b, node, "onA", jobId, expected: 1);

        // A socket that registers later, on either node, gets it by replay.
        await node.ConnectAsync("lateOnB", url: b.Url);
        Expect.AckSuccess(await node.RegisterAsync("lateOnB", jobId), jobId);
        Expect.Succeeded(await node.ResultAsync("lateOnB", jobId), jobId, "Posted to B");
        llm.Release();
    }

    [Fact]
    public async Task Repost_OnEitherNode_SameBodyAcceptedAgainOtherBodyConflict()
    {
        var prefix = redis.NewKey();
        await using var a = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix));
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix));
        var jobId = Scripts.NewJobId("repost");

        // Posted to both at once, many times: one job; every answer a 202.
        var posts = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).PostAsync(Scripts.Body(jobId, "Same body"))).ToArray();
        foreach (var post in await Task.WhenAll(posts))
        {
            using (post)
            {
                Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
            }
        }

        Assert.Equal(1, a.Logs.Count("JobAccepted") + b.Logs.Count("JobAccepted"));
        using (var conflict = await b.PostAsync(Scripts.Body(jobId, "Another body")))
        {
            await Expect.ProblemAsync(conflict, HttpStatusCode.Conflict);
        }

        using (var conflict = await a.PostAsync(Scripts.Body(jobId, "Another body")))
        {
            await Expect.ProblemAsync(conflict, HttpStatusCode.Conflict);
        }

        using var unknown = await b.GetJobAsync(Scripts.NewJobId("never"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Post_SharedQueueFull_503WithRetryAfterOnEveryNodeAndNothingStored()
    {
        var prefix = redis.NewKey();
        await using var llm = await HeldLlm.StartAsync();
        var settings = RedisNodes.HeldSettings(redis.Server, prefix, llm);
        settings["ScriptService:QueueCapacity"] = "1";
        await using var a = await ServiceHost.StartAsync(settings);
        await using var b = await ServiceHost.StartAsync(settings);

        // Both nodes' one worker each hold a job; one more waits; the queue (capacity 1, shared) is full. Each held job
        // is running (at the model) before the next POST: until a worker takes it, it counts as waiting, and the next
        // POST would find the queue full.
        await a.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId("held1"), "Held"));
        await llm.NextRequestAsync();
        await b.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId("held2"), "Held"));
        await llm.NextRequestAsync();
        await a.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId("waiting"), "Waits"));

        var refused = Scripts.NewJobId("refused");
        foreach (var host in new[] { a, b })
        {
            using var post = await host.PostAsync(Scripts.Body(refused, "Refused"));
            await Expect.ProblemAsync(post, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(post.Headers.RetryAfter);
        }

        using var get = await b.GetJobAsync(refused);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        llm.Release();
    }

    [Fact]
    public async Task Register_RacingTheDeliveryFromAnotherNode_EverySocketGetsTheResultOnce()
    {
        var prefix = redis.NewKey();
        await using var llm = await HeldLlm.StartAsync();
        await using var a = await ServiceHost.StartAsync(RedisNodes.HeldSettings(redis.Server, prefix, llm));
        await a.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId("blocker"), "Held on A"));
        await llm.NextRequestAsync();
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix));
        await using var node = NodeDriver.Start(a.Url, () => a.Describe() + Environment.NewLine + b.Describe());
        const int sockets = 12;
        for (var i = 0; i < sockets; i++)
        {
            await node.ConnectAsync("s" + i);
        }

        // Half register before the POST; the rest while B runs and delivers it: their replay on A races B's delivery.
        var jobId = Scripts.NewJobId("race");
        for (var i = 0; i < sockets / 2; i++)
        {
            Expect.AckSuccess(await node.RegisterAsync("s" + i, jobId), jobId);
        }

        var post = b.PostAcceptedAsync(Scripts.Body(jobId, "Raced"));
        var late = Enumerable.Range(sockets / 2, sockets / 2).Select(i => node.RegisterAsync("s" + i, jobId)).ToArray();
        await post;
        foreach (var ack in await Task.WhenAll(late))
        {
            Expect.AckSuccess(ack, jobId);
        }

        for (var i = 0; i < sockets; i++)
        {
            Expect.Succeeded(await node.ResultAsync("s" + i, jobId), jobId, "Raced");
        }

        // Each socket's handlers run in the order its packets came, a registration's replay included: once a socket
        // has the result of a job it registered after, every delivery of this one has reached it.
        var sentinel = Scripts.NewJobId("sentinel");
        for (var i = 0; i < sockets; i++)
        {
            Expect.AckSuccess(await node.RegisterAsync("s" + i, sentinel), sentinel);
        }

        await b.PostAcceptedAsync(Scripts.Body(sentinel, "Sentinel"));
        for (var i = 0; i < sockets; i++)
        {
            await node.ResultAsync("s" + i, sentinel);
            Assert.True(node.ResultCount("s" + i, jobId) == 1, $"Socket s{i} got the result {node.ResultCount("s" + i, jobId)} times.{Environment.NewLine}{node.Describe()}");
        }

        llm.Release();
    }
}
