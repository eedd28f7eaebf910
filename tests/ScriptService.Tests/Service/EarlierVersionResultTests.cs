using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// A database written by an earlier version holds each finished job's <c>scriptResult</c> payload itself, where this
/// one stores the result: such rows are served as they were, to GET and to a registering socket, byte for byte.
/// </summary>
public sealed class EarlierVersionResultTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StoredPayloadOfAnEarlierVersion_IsReplayedAndShownUnchanged(bool succeeded)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();
        var payload = succeeded
            ? $$"""{"job_id":"{{jobId}}","status":201,"data":{"scriptId":"0193a1b2-0000-7000-8000-000000000001","topic":"Năng lượng mặt trời","title":"Tiêu đề","description":"Mô tả","script":"Kịch bản","status":"completed"},"error":null,"timestamp":"2026-01-02T03:04:05.6789012Z"}"""
            : $$"""{"job_id":"{{jobId}}","status":500,"data":null,"error":"The script took too long to generate.","timestamp":"2026-01-02T03:04:05.6789012Z"}""";

        // The row as the earlier version left it.
        var store = host.Services.GetRequiredService<IJobStore>();
        var key = new JobKey(null, jobId);
        await store.CreateAsync(key, """{"JobId":"x"}""", default);
        await store.CompleteAsync(key, succeeded ? JobState.Succeeded : JobState.Failed, payload, default);

        using (var get = await host.GetJobAsync(jobId))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var result = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("result");
            Assert.Equal(Normalized(payload), Normalized(result.GetRawText()));
        }

        await node.ConnectAsync("late");
        Expect.AckSuccess(await node.RegisterAsync("late", jobId), jobId);
        var replayed = await node.ResultAsync("late", jobId);
        Assert.Equal(Normalized(payload), Normalized(replayed.GetRawText()));
    }

    /// <summary>The JSON written again by one writer, so that only its content counts (the client re-encodes it).</summary>
    private static string Normalized(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
