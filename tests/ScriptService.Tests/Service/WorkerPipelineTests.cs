using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;
using ScriptService.Tests.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// A worker holds its generator, not the store: while one job's outcome waits for its commit, the worker generates the
/// next job, whose outcome the store can commit with it. The durability promise holds all the while: a result is
/// delivered only once it is stored.
/// </summary>
public sealed class WorkerPipelineTests
{
    [Fact]
    public async Task Worker_WhileAJobWaitsForItsOutcomeToBeStored_RunsTheNextJob()
    {
        // One worker (ServiceHost's default); storing the outcome of "held" jobs waits for the gate.
        GatedJobStore? gated = null;
        await using var host = await ServiceHost.StartAsync(configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
            gated = new GatedJobStore(ActivatorUtilities.CreateInstance<SqliteJobStore>(services), key => key.JobId.StartsWith("held", StringComparison.Ordinal))));
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var held = Scripts.NewJobId("held");
        var next = Scripts.NewJobId("next");
        Expect.AckSuccess(await node.RegisterAsync("a", held), held);
        Expect.AckSuccess(await node.RegisterAsync("a", next), next);

        await host.PostAcceptedAsync(Scripts.Body(held, "Held topic"));
        await gated!.HeldReached.WaitAsync(TimeSpan.FromSeconds(30));
        await host.PostAcceptedAsync(Scripts.Body(next, "Next topic"));

        // The only worker finishes the next job while the first one's outcome is still held at the gate.
        Expect.Succeeded(await node.ResultAsync("a", next), next, "Next topic");
        Assert.Equal("running", await StateAsync(host, held));

        gated.Open();
        Expect.Succeeded(await node.ResultAsync("a", held), held, "Held topic");
        Assert.Equal("succeeded", await StateAsync(host, held));
    }

    [Fact]
    public async Task Worker_OutcomeOfAGeneratedJob_IsStoredWithoutWaitingForItsRunningMark()
    {
        // Marking "held" jobs running waits for the gate: a commit that takes its time. The job's outcome is queued
        // behind it, not after it has been committed, so a generated job waits for one commit rather than two.
        GatedJobStore? gated = null;
        await using var host = await ServiceHost.StartAsync(configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
            gated = new GatedJobStore(ActivatorUtilities.CreateInstance<SqliteJobStore>(services), key => key.JobId.StartsWith("held", StringComparison.Ordinal), holdsMarks: true)));
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var held = Scripts.NewJobId("held");
        Expect.AckSuccess(await node.RegisterAsync("a", held), held);

        await host.PostAcceptedAsync(Scripts.Body(held, "Held topic"));
        await gated!.HeldReached.WaitAsync(TimeSpan.FromSeconds(30));

        // The result is stored and delivered while the mark is still at the gate.
        Expect.Succeeded(await node.ResultAsync("a", held), held, "Held topic");
        Assert.Equal("succeeded", await StateAsync(host, held));

        // The mark that comes late changes nothing: only an unfinished job is marked running.
        gated.Open();
        await gated.HeldPassed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("succeeded", await StateAsync(host, held));
    }

    private static async Task<string?> StateAsync(ServiceHost host, string jobId)
    {
        using var response = await host.GetJobAsync(jobId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {jobId} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("state").GetString();
    }
}
