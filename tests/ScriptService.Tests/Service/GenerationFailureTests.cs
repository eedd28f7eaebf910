using System.Net;
using System.Text.Json;
using ScriptService.Tests.Generation.Llm;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>Test 6: a generator that fails or takes too long ends the job with a status 500 result and a safe message.</summary>
public sealed class GenerationFailureTests
{
    [Fact]
    public async Task Job_ModelRefusesTheKey_DeliversStatus500WithSafeMessage()
    {
        await using var llm = await FakeChatCompletionsServer.StartAsync(Replies.Error(401, message: "provider internal detail: key sk-service-tests is revoked"));
        var (result, stored) = await RunOneJobAsync(ServiceHost.LlmSettings(llm.Endpoint, maxRetries: 3));

        var error = Expect.Failed(result.Result, result.JobId);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.Equal(1, RequestsFor(llm, "Failing topic"));
        Assert.Equal("failed", stored.GetProperty("state").GetString());
        Assert.Equal(result.Result.GetRawText(), stored.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Job_ModelKeepsAnswering500_DeliversStatus500AfterTheRetries()
    {
        await using var llm = await FakeChatCompletionsServer.StartAsync(Replies.Error(500), Replies.Error(503), Replies.Error(500));
        var (result, stored) = await RunOneJobAsync(ServiceHost.LlmSettings(llm.Endpoint, maxRetries: 2));

        var error = Expect.Failed(result.Result, result.JobId);
        Assert.Contains("500", error, StringComparison.Ordinal);
        Assert.Equal(3, RequestsFor(llm, "Failing topic"));
        Assert.Equal("failed", stored.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Job_ModelAnswersUnreadableText_DeliversStatus500()
    {
        await using var llm = await FakeChatCompletionsServer.StartAsync(Replies.Completion("Sorry, I cannot write JSON today."));
        var (result, _) = await RunOneJobAsync(ServiceHost.LlmSettings(llm.Endpoint));

        Expect.Failed(result.Result, result.JobId);
        Assert.DoesNotContain("Sorry", result.Result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_ModelHoldsTheRequestPastJobTimeout_DeliversStatus500AndAbandonsTheRequest()
    {
        await using var llm = await FakeChatCompletionsServer.StartAsync(Replies.Hang());
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:JobTimeout"] = "00:00:00.500";
        var (result, stored) = await RunOneJobAsync(settings);

        Expect.Failed(result.Result, result.JobId);
        Assert.Equal("failed", stored.GetProperty("state").GetString());
        await llm.Requests.First(r => r.Messages.Any(m => m.Content.Contains("<topic>Failing topic</topic>", StringComparison.Ordinal))).Aborted.Task.DefaultTimeout();
    }

    [Fact]
    public async Task Job_ModelUnreachable_DeliversStatus500()
    {
        // An endpoint nobody listens on: a port taken from a server that has stopped.
        Uri endpoint;
        await using (var gone = await FakeChatCompletionsServer.StartAsync(Replies.Error(500)))
        {
            endpoint = gone.Endpoint;
        }

        var (result, _) = await RunOneJobAsync(ServiceHost.LlmSettings(endpoint, maxRetries: 1));
        Expect.Failed(result.Result, result.JobId);
    }

    /// <summary>How many requests the model got for the job of <paramref name="topic"/> (sentinel jobs ask it too).</summary>
    private static int RequestsFor(FakeChatCompletionsServer llm, string topic) =>
        llm.Requests.Count(r => r.Messages.Any(m => m.Content.Contains("<topic>" + topic + "</topic>", StringComparison.Ordinal)));

    /// <summary>Runs one job on a fresh host with <paramref name="settings"/>; gives its scriptResult and its stored state.</summary>
    private static async Task<((string JobId, JsonElement Result) Result, JsonElement Stored)> RunOneJobAsync(Dictionary<string, string?> settings)
    {
        await using var host = await ServiceHost.StartAsync(settings);
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Failing topic"));
        var result = await node.ResultAsync("a", jobId);

        using var get = await host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var stored = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        await DeliveryTests.AssertFinalCountAsync(host, node, "a", jobId, expected: 1);

        // A failed result is replayed to a late registration like a successful one.
        await node.ConnectAsync("late");
        Expect.AckSuccess(await node.RegisterAsync("late", jobId), jobId);
        Assert.Equal(result.GetRawText(), (await node.ResultAsync("late", jobId)).GetRawText());
        return ((jobId, result), stored);
    }
}
