using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;
using ScriptService.Tests.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The job store on a disk that fills up, then has room again (a tmpfs of its own, filled with a filler file): no
/// worker dies, no accepted job is lost, nothing is accepted that cannot be stored, readiness tells the truth, and
/// everything goes on once the disk is freed, without a restart.
/// </summary>
public sealed class StoreFailureTests
{
    /// <summary>Room for the database and its log, and little more, so that a filler takes the rest at once.</summary>
    private const long DiskBytes = 8L << 20;

    [SkippableFact]
    public async Task DiskFull_ThenFreed_JobsWaitAndResumeWhileReadinessAndPostsTellTheTruth()
    {
        using var disk = SmallDisk.MountOrSkip(DiskBytes);
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:Store:DatabasePath"] = Path.Combine(disk.Path, "jobs.db");
        settings["ScriptService:Store:RetryInitialBackoff"] = "00:00:00.020";
        settings["ScriptService:Store:RetryMaxBackoff"] = "00:00:00.200";
        await using var host = await ServiceHost.StartAsync(settings);
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        // One job running (its model request held), two waiting in the queue; all stored and acknowledged.
        string[] jobs = [Scripts.NewJobId("running"), Scripts.NewJobId("queued1"), Scripts.NewJobId("queued2")];
        foreach (var jobId in jobs)
        {
            Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
            await host.PostAcceptedAsync(Scripts.Body(jobId, "Topic of " + jobId));
        }

        await llm.NextRequestAsync();
        await AssertReadyAsync(host, HttpStatusCode.OK);

        disk.Fill();

        // A new job is refused before anything is promised, with a clear answer to try later; and it is not stored.
        var refusedJob = Scripts.NewJobId("refused");
        using (var refused = await host.PostAsync(Scripts.Body(refusedJob, "Refused topic")))
        {
            var problem = await Expect.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Expect.SafeMessage(problem.GetProperty("detail").GetString() ?? "");
            Assert.True(refused.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        }

        using (var get = await host.GetJobAsync(refusedJob))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        // Readiness: the store still answers reads, but cannot write.
        await AssertReadyAsync(host, HttpStatusCode.ServiceUnavailable);

        // The running job's script is generated, but its result cannot be stored: its worker waits and tries again.
        llm.Release();
        await host.Logs.WaitForTextAsync("storing the result failed");
        Assert.Equal("running", await StateAsync(host, jobs[0]));
        Assert.Equal("queued", await StateAsync(host, jobs[1]));
        Assert.Equal("queued", await StateAsync(host, jobs[2]));
        Assert.Empty(node.Events("a", "scriptResult"));
        await AssertReadyAsync(host, HttpStatusCode.ServiceUnavailable);

        // Room again: the same worker stores the result and goes on with the queue; every accepted job reaches the
        // socket, once, and the service is ready and takes jobs again.
        disk.Free();
        foreach (var jobId in jobs)
        {
            Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Topic of " + jobId);
        }

        await AssertReadyAsync(host, HttpStatusCode.OK);
        Expect.AckSuccess(await node.RegisterAsync("a", refusedJob), refusedJob);
        await host.PostAcceptedAsync(Scripts.Body(refusedJob, "Refused topic"));
        Expect.Succeeded(await node.ResultAsync("a", refusedJob), refusedJob, "Refused topic");

        foreach (var jobId in jobs)
        {
            Assert.Equal("succeeded", await StateAsync(host, jobId));
            Assert.Equal(1, node.ResultCount("a", jobId));
        }

        Assert.Empty(host.Logs.Find("WorkerDied"));
        Assert.Empty(host.Logs.Find("failed unexpectedly"));
        Assert.Single(host.Logs.Find("cannot write (SQLite error"));
        Assert.Single(host.Logs.Find("writes again"));
    }

    [Fact]
    public async Task Worker_JobFailsInAWayNobodyForesaw_IsLoggedAndTheWorkerTakesTheNextJob()
    {
        // One worker; marking "poison" jobs running throws what no retry mends.
        await using var host = await ServiceHost.StartAsync(configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
            new PoisonedJobStore(ActivatorUtilities.CreateInstance<SqliteJobStore>(services), key => key.JobId.StartsWith("poison", StringComparison.Ordinal))));
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var poison = Scripts.NewJobId("poison");
        var next = Scripts.NewJobId("next");
        Expect.AckSuccess(await node.RegisterAsync("a", next), next);

        await host.PostAcceptedAsync(Scripts.Body(poison, "Poisoned topic"));
        await host.PostAcceptedAsync(Scripts.Body(next, "Next topic"));

        Expect.Succeeded(await node.ResultAsync("a", next), next, "Next topic");
        Assert.Contains(poison, await host.Logs.WaitForTextAsync("failed unexpectedly"), StringComparison.Ordinal);
        Assert.Equal("queued", await StateAsync(host, poison));
        Assert.Empty(host.Logs.Find("WorkerDied"));
    }

    private static async Task AssertReadyAsync(ServiceHost host, HttpStatusCode expected)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var request = new HttpRequestMessage(method, "/readyz");
            using var response = await host.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{method} /readyz answered {(int)response.StatusCode} '{body}', expected {(int)expected}.{Environment.NewLine}{host.Describe()}");
        }
    }

    private static async Task<string?> StateAsync(ServiceHost host, string jobId)
    {
        using var response = await host.GetJobAsync(jobId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {jobId} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("state").GetString();
    }
}
