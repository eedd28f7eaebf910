using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Jobs.Redis;
using ScriptService.Tests.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// The pipelined worker in the Redis mode: while a job's outcome waits for its write, its worker runs the next job,
/// and the waiting job's lease stays this node's. It is renewed by the heartbeat, so another node does not take it
/// over however long the write takes, and it is acknowledged only once the outcome is stored.
/// </summary>
public sealed class RedisWorkerPipelineTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Worker_WhileAJobWaitsForItsOutcomeToBeStoredPastStaleJobAfter_RunsTheNextAndKeepsTheLease()
    {
        var prefix = redis.NewKey();
        var stale = TimeSpan.FromSeconds(1);

        // A: one worker; storing the outcome of "held" jobs waits for the gate.
        GatedJobStore? gated = null;
        await using var a = await ServiceHost.StartAsync(
            RedisNodes.Settings(redis.Server, prefix, stale),
            configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
                gated = new GatedJobStore(services.GetRequiredService<RedisJobStore>(), key => key.JobId.StartsWith("held", StringComparison.Ordinal))));
        await using var node = NodeDriver.Start(a);
        await node.ConnectAsync("s");
        var held = Scripts.NewJobId("held");
        var next = Scripts.NewJobId("next");
        Expect.AckSuccess(await node.RegisterAsync("s", held), held);
        Expect.AckSuccess(await node.RegisterAsync("s", next), next);

        try
        {
            await a.PostAcceptedAsync(Scripts.Body(held, "Held topic"));
            await gated!.HeldReached.WaitAsync(TimeSpan.FromSeconds(30));

            // A's only worker runs the next job while the held one's outcome waits at the gate.
            await a.PostAcceptedAsync(Scripts.Body(next, "Next topic"));
            Expect.Succeeded(await node.ResultAsync("s", next), next, "Next topic");

            // B: a node with free workers, which would take the held job over if A stopped renewing its lease (and so
            // would A's own idle worker).
            await using var b = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, prefix, stale));

            // More than StaleJobAfter goes by (A's heartbeat comes every third of it): the held job stays A's, running.
            var queue = a.Services.GetRequiredService<RedisJobQueue>();
            var beats = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.AfterHeartbeat = () =>
            {
                if (Interlocked.Increment(ref beats) == 6)
                {
                    enough.TrySetResult();
                }
            };
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(1, queue.Held);
            Assert.Equal("running", await StateAsync(a, held));
            Assert.DoesNotContain(a.Logs.Entries.Concat(b.Logs.Entries), e => e.EventId.Name == "JobTakenOver");

            // Stored, then acknowledged: delivered once, and A holds nothing any more.
            gated.Open();
            Expect.Succeeded(await node.ResultAsync("s", held), held, "Held topic");
            Assert.Equal("succeeded", await StateAsync(b, held));
            await DeliveryTests.AssertFinalCountAsync(a, node, "s", held, expected: 1);
            Assert.Equal(0, queue.Held);
        }
        finally
        {
            // A failed assertion must not leave the held outcome at the gate: the host could not stop.
            gated?.Open();
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
