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

    private static async Task<string?> StateAsync(ServiceHost host, string jobId)
    {
        using var response = await host.GetJobAsync(jobId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {jobId} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("state").GetString();
    }
}
