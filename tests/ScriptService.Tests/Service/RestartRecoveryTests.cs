using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Test 7: jobs a host accepted but did not finish (running, or waiting in the queue) when it stopped are finished
/// by the next host on the same database, and reach the clients that register for them.
/// </summary>
public sealed class RestartRecoveryTests
{
    [Fact]
    public async Task Restart_JobsRunningAndQueuedAtStop_NextHostFinishesThemForClientsThatRegister()
    {
        using var data = new ServiceData();
        string[] jobs = [Scripts.NewJobId("running"), Scripts.NewJobId("queued1"), Scripts.NewJobId("queued2")];

        // Host A: the model holds its request, so one job runs and two wait when A stops.
        await using (var llm = await HeldLlm.StartAsync())
        {
            var settings = ServiceHost.LlmSettings(llm.Endpoint);
            settings["ScriptService:ShutdownGrace"] = "00:00:00.200";
            await using var hostA = await ServiceHost.StartAsync(settings, data);
            foreach (var jobId in jobs)
            {
                await hostA.PostAcceptedAsync(Scripts.Body(jobId, "Topic of " + jobId));
            }

            var held = await llm.NextRequestAsync();
            await hostA.StopAsync();

            // A gave up on the running job within its grace, and finished none of them.
            await held.Aborted.Task.DefaultTimeout();
            Assert.Single(llm.Server.Requests);
        }

        // Host B: same database, the offline generator.
        await using var hostB = await ServiceHost.StartAsync(data: data);
        await using var node = NodeDriver.Start(hostB);
        await node.ConnectAsync("a");
        foreach (var jobId in jobs)
        {
            Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        }

        foreach (var jobId in jobs)
        {
            Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Topic of " + jobId);
            using var get = await hostB.GetJobAsync(jobId);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("succeeded", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        }

        foreach (var jobId in jobs)
        {
            await DeliveryTests.AssertFinalCountAsync(hostB, node, "a", jobId, expected: 1);
        }

        // A client that comes later still gets them, by replay.
        await node.ConnectAsync("late");
        Expect.AckSuccess(await node.RegisterAsync("late", jobs[0]), jobs[0]);
        Expect.Succeeded(await node.ResultAsync("late", jobs[0]), jobs[0], "Topic of " + jobs[0]);
    }

    [Fact]
    public async Task Restart_ClientConnectedThroughShutdown_ReconnectsRegistersAgainAndGetsEveryResultOnce()
    {
        using var data = new ServiceData();
        string[] jobs = [Scripts.NewJobId("running"), Scripts.NewJobId("queued")];
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:ShutdownGrace"] = "00:00:00.500";
        var hostA = await ServiceHost.StartAsync(settings, data);
        var port = hostA.Port;
        await using var node = NodeDriver.Start(hostA.Url, () => "(see the hosts' logs)");
        try
        {
            // The guide's client: reconnects on its own and registers its jobs again after each reconnect.
            await node.ConnectAsync("a", reconnection: true, reregister: true);
            foreach (var jobId in jobs)
            {
                Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
                await hostA.PostAcceptedAsync(Scripts.Body(jobId, "Topic of " + jobId));
            }

            await llm.NextRequestAsync();
            await hostA.StopAsync();
            await node.EventAsync("a", "disconnect");
        }
        finally
        {
            await hostA.DisposeAsync();
        }

        // Host B on the same address and database: the client finds it by itself.
        await using var hostB = await ServiceHost.StartAsync(data: data, port: port);
        foreach (var jobId in jobs)
        {
            var result = await node.ResultAsync("a", jobId);
            Expect.Succeeded(result, jobId, "Topic of " + jobId);
        }

        // It got them by reconnecting to B and registering again (A had delivered nothing).
        await node.EventAsync("a", "reconnect");
        var reregistered = node.Events("a", "reregistered");
        Assert.All(reregistered, e => Assert.Equal("success", e.GetProperty("ack").GetProperty("status").GetString()));
        Assert.Equal(jobs.Order(), reregistered.Select(e => e.GetProperty("jobId").GetString()!).Order());
        foreach (var jobId in jobs)
        {
            await DeliveryTests.AssertFinalCountAsync(hostB, node, "a", jobId, expected: 1);
        }
    }

    [Fact]
    public async Task Stop_WhileAJobFinishesInItsGrace_AcceptsNothingNewAndStoresTheResultForTheNextHost()
    {
        using var data = new ServiceData();
        var running = Scripts.NewJobId("running");
        var refused = Scripts.NewJobId("refused");
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:ShutdownGrace"] = "00:00:10";
        await using (var hostA = await ServiceHost.StartAsync(settings, data))
        {
            await hostA.PostAcceptedAsync(Scripts.Body(running, "Finished in the grace"));
            await llm.NextRequestAsync();

            var draining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hostA.Services.GetRequiredService<ServiceState>().Draining.Register(draining.SetResult);
            var stopping = hostA.StopAsync();
            await draining.Task.DefaultTimeout();

            // Draining runs before Kestrel stops: a POST meanwhile is answered 503 with Retry-After, and not stored
            // (host B's 404 below).
            using (var post = await hostA.PostAsync(Scripts.Body(refused, "Refused while draining")))
            {
                await Expect.ProblemAsync(post, HttpStatusCode.ServiceUnavailable);
                Assert.True(post.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {post.Headers.RetryAfter}");
            }

            // The job finishes within the grace: its result is stored although no socket is left to take it.
            llm.Release();
            await stopping.DefaultTimeout();
        }

        await using var hostB = await ServiceHost.StartAsync(data: data);
        using (var get = await hostB.GetJobAsync(refused))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        await using var node = NodeDriver.Start(hostB);
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", running), running);
        var result = await node.ResultAsync("a", running);
        Expect.Succeeded(result, running, "Finished in the grace");
        Assert.Equal(HeldLlm.Title, result.GetProperty("data").GetProperty("title").GetString());
    }
}
