using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>Test 5: a full queue refuses a job with 503 and Retry-After, and stores nothing of it.</summary>
public sealed class QueueFullTests
{
    [Fact]
    public async Task Post_QueueFull_Returns503WithRetryAfterAndStoresNothing()
    {
        // One worker, one queue slot, and a model that answers only when the test says so.
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:QueueCapacity"] = "1";
        await using var host = await ServiceHost.StartAsync(settings);
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var running = Scripts.NewJobId("running");
        var queued = Scripts.NewJobId("queued");
        var refused = Scripts.NewJobId("refused");
        foreach (var jobId in new[] { running, queued, refused })
        {
            Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        }

        // The worker takes the first job and waits on the model; the second fills the only slot.
        await host.PostAcceptedAsync(Scripts.Body(running, "Running"));
        await llm.NextRequestAsync();
        await host.PostAcceptedAsync(Scripts.Body(queued, "Queued"));

        using (var response = await host.PostAsync(Scripts.Body(refused, "Refused")))
        {
            await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
        }

        using (var get = await host.GetJobAsync(refused))
        {
            await Expect.ProblemAsync(get, HttpStatusCode.NotFound);
        }

        using (var get = await host.GetJobAsync(queued))
        {
            Assert.Equal("queued", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        }

        // A repost of a job already stored is idempotent even while the queue is full.
        using (var repost = await host.PostAsync(Scripts.Body(queued, "Queued")))
        {
            Assert.Equal(HttpStatusCode.Accepted, repost.StatusCode);
        }

        // Refused again while full: still 503, not a conflict with a half-stored job.
        using (var again = await host.PostAsync(Scripts.Body(refused, "Refused")))
        {
            await Expect.ProblemAsync(again, HttpStatusCode.ServiceUnavailable);
        }

        llm.Release();
        Expect.Succeeded(await node.ResultAsync("a", running), running, "Running");
        Expect.Succeeded(await node.ResultAsync("a", queued), queued, "Queued");

        // With room again, the refused job is accepted as new and runs.
        var accepted = await host.PostAcceptedAsync(Scripts.Body(refused, "Refused"));
        Assert.Equal("queued", accepted["status"]!.GetValue<string>());
        Expect.Succeeded(await node.ResultAsync("a", refused), refused, "Refused");
        Assert.Equal(1, node.ResultCount("a", refused));
    }
}
