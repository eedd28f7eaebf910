using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Jobs.Redis;
using ScriptService.Tests.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// A node killed with SIGKILL while it runs jobs and others wait in the queue: every job it had accepted is finished
/// by another node and reaches each registered socket exactly once.
/// </summary>
public sealed class TakeoverTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task KillNine_NodeRunningAndQueueingJobs_AnotherNodeFinishesEveryJobOnce()
    {
        var prefix = redis.NewKey();
        var stale = TimeSpan.FromSeconds(3);
        await using var llm = await HeldLlm.StartAsync();

        // K, a process of its own, takes two jobs into its two workers (the model holds them) and accepts two more.
        var settings = RedisNodes.HeldSettings(redis.Server, prefix, llm, stale);
        settings["ScriptService:Workers"] = "2";
        await using var k = await ServiceProcess.StartAsync(settings, new Dictionary<string, string> { [ServiceHost.LlmKeyVariable] = "sk-service-tests" });
        string[] running = [Scripts.NewJobId("running1"), Scripts.NewJobId("running2")];
        string[] queued = [Scripts.NewJobId("queued1"), Scripts.NewJobId("queued2")];
        foreach (var jobId in running)
        {
            await k.PostAcceptedAsync(Scripts.Body(jobId, "Topic of " + jobId));
        }

        await llm.NextRequestAsync();
        await llm.NextRequestAsync();
        foreach (var jobId in queued)
        {
            await k.PostAcceptedAsync(Scripts.Body(jobId, "Topic of " + jobId));
        }

        // B, in this process, with the offline generator; a socket on it registers every job, then K dies.
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix, stale));
        await using var node = NodeDriver.Start(b.Url, () => b.Describe() + Environment.NewLine + k.Describe());
        await node.ConnectAsync("onB");
        foreach (var jobId in running.Concat(queued))
        {
            Expect.AckSuccess(await node.RegisterAsync("onB", jobId), jobId);
        }

        await k.KillAsync();

        foreach (var jobId in running.Concat(queued))
        {
            Expect.Succeeded(await node.ResultAsync("onB", jobId), jobId, "Topic of " + jobId);
        }

        // The two K was running were taken over (the queued ones B simply read), and each was delivered once.
        Assert.Equal(2, b.Logs.Count("JobTakenOver"));
        foreach (var jobId in running.Concat(queued))
        {
            await DeliveryTests.AssertFinalCountAsync(b, node, "onB", jobId, expected: 1);
            using var get = await b.GetJobAsync(jobId);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }
    }

    [Fact]
    public async Task Fault_RunThatFaultsOnALiveNode_LetGoAndAnotherNodeTakesItOverAndFinishesIt()
    {
        var prefix = redis.NewKey();

        // A's runs of "poison" jobs fault (marking them running throws). A renews what it holds every third of its
        // StaleJobAfter, more often than B's StaleJobAfter: while A holds the job, B cannot take it over; once A lets
        // go of it, B's shorter threshold lets B take it over first.
        await using var a = await ServiceHost.StartAsync(
            RedisNodes.Settings(redis.Server, prefix, TimeSpan.FromMilliseconds(1500)),
            configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
                new PoisonedJobStore(services.GetRequiredService<RedisJobStore>(), key => key.JobId.StartsWith("poison", StringComparison.Ordinal))));
        var jobId = Scripts.NewJobId("poison");
        await a.PostAcceptedAsync(Scripts.Body(jobId, "Faulted topic"));
        await a.Logs.WaitForAsync("JobRunFailed");

        // B starts only now, so that A took the job; a socket on B registers and gets the result B stores.
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix, TimeSpan.FromSeconds(1)));
        await using var node = NodeDriver.Start(b.Url, () => a.Describe() + Environment.NewLine + b.Describe());
        await node.ConnectAsync("onB");
        Expect.AckSuccess(await node.RegisterAsync("onB", jobId), jobId);
        Expect.Succeeded(await node.ResultAsync("onB", jobId), jobId, "Faulted topic");

        Assert.True(b.Logs.Count("JobTakenOver") >= 1);
        await DeliveryTests.AssertFinalCountAsync(b, node, "onB", jobId, expected: 1);
        Assert.Equal(0, a.Services.GetRequiredService<RedisJobQueue>().Held);
    }

    [Fact]
    public async Task Frozen_NodeTakenOverThenThawed_TheJobKeepsTheFirstOutcomeAndTheThawedNodePublishesNothing()
    {
        var prefix = redis.NewKey();
        var stale = TimeSpan.FromSeconds(3);
        await using var llm = await HeldLlm.StartAsync();
        var settings = RedisNodes.HeldSettings(redis.Server, prefix, llm, stale);
        await using var k = await ServiceProcess.StartAsync(settings, new Dictionary<string, string> { [ServiceHost.LlmKeyVariable] = "sk-service-tests" });
        var jobId = Scripts.NewJobId("frozen");
        await k.PostAcceptedAsync(Scripts.Body(jobId, "Frozen node"));
        await llm.NextRequestAsync();

        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix, stale));
        await using var node = NodeDriver.Start(b.Url, () => b.Describe() + Environment.NewLine + k.Describe());
        await node.ConnectAsync("onB");
        Expect.AckSuccess(await node.RegisterAsync("onB", jobId), jobId);

        // K freezes (a long pause, a partition): B takes the job over and finishes it with the offline generator.
        await k.SignalAsync("STOP");
        var result = await node.ResultAsync("onB", jobId);
        Expect.Succeeded(result, jobId, "Frozen node");
        Assert.NotEqual(HeldLlm.Title, result.GetProperty("data").GetProperty("title").GetString());

        // K thaws and learns it lost the job; its model answers, and its completion stores and publishes nothing.
        await k.SignalAsync("CONT");
        llm.Release();
        // The console log has the messages, not the event names (JobRunner's OutcomeDropped and JobFinished).
        await k.WaitForOutputAsync($"Job {jobId} had been finished elsewhere");
        Assert.DoesNotContain($"Job {jobId} finished with status", k.Describe(), StringComparison.Ordinal);

        using var get = await b.GetJobAsync(jobId);
        var stored = System.Text.Json.JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(result.GetProperty("data").GetProperty("title").GetString(), stored.GetProperty("result").GetProperty("data").GetProperty("title").GetString());
        await DeliveryTests.AssertFinalCountAsync(b, node, "onB", jobId, expected: 1);

        // Nor did the socket get the thawed run's progress after the result.
        var lines = node.Process.Lines;
        var resultAt = lines.ToList().FindIndex(e => NodeProcess.Str(e, "ev") == "scriptResult" && NodeProcess.Str(e, "sock") == "onB"
            && e.GetProperty("result").GetProperty("job_id").GetString() == jobId);
        var late = lines.Skip(resultAt + 1).Where(e => NodeProcess.Str(e, "ev") == "scriptProgress" && NodeProcess.Str(e, "sock") == "onB"
            && e.GetProperty("progress").GetProperty("job_id").GetString() == jobId).ToList();
        Assert.True(late.Count == 0, $"Progress after the result: {string.Join(", ", late)}");
    }

    [Fact]
    public async Task Stop_NodeWithARunningJob_HandsItBackAndAnotherNodeFinishesItWithoutWaitingForStaleJobAfter()
    {
        var prefix = redis.NewKey();
        // Far longer than the test may take: only the hand-back can explain the takeover.
        var stale = TimeSpan.FromMinutes(10);
        await using var llm = await HeldLlm.StartAsync();
        var settings = RedisNodes.HeldSettings(redis.Server, prefix, llm, stale);
        settings["ScriptService:ShutdownGrace"] = "00:00:00.200";
        var a = await ServiceHost.StartAsync(settings);
        var jobId = Scripts.NewJobId("handed-back");
        try
        {
            await a.PostAcceptedAsync(Scripts.Body(jobId, "Handed back"));
            await llm.NextRequestAsync();
        }
        finally
        {
            await a.StopAsync();
        }

        Assert.Equal(1, a.Logs.Count("JobHandedBack"));
        await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix, stale));
        await using var node = NodeDriver.Start(b);
        await node.ConnectAsync("onB");
        Expect.AckSuccess(await node.RegisterAsync("onB", jobId), jobId);
        Expect.Succeeded(await node.ResultAsync("onB", jobId), jobId, "Handed back");
        Assert.Equal(1, b.Logs.Count("JobTakenOver"));
        await a.DisposeAsync();
    }
}
