using Microsoft.Extensions.DependencyInjection;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Delivery through the Socket.IO adapter: a job's events reach the sockets registered for it on every server, and
/// each socket gets a result once, decided by the server the socket lives on. Two service nodes share a Redis adapter
/// (their job stores are their own here: the job runs where it was posted).
/// </summary>
public sealed class RoomDeliveryTests
{
    [Fact]
    public async Task Result_JobRunOnAnotherNode_ReachesEachRegisteredSocketOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await StartNodeAsync(redis);
        await using var b = await StartNodeAsync(redis);
        await using var nodeA = NodeDriver.Start(a);
        await using var nodeB = NodeDriver.Start(b);
        var jobId = Scripts.NewJobId();

        // Two sockets on A and one on B registered for the job; one of A's registers it twice.
        await nodeA.ConnectAsync("a1");
        await nodeA.ConnectAsync("a2");
        await nodeB.ConnectAsync("b1");
        Expect.AckSuccess(await nodeA.RegisterAsync("a1", jobId), jobId);
        Expect.AckSuccess(await nodeA.RegisterAsync("a2", jobId), jobId);
        Expect.AckSuccess(await nodeA.RegisterAsync("a2", jobId), jobId);
        Expect.AckSuccess(await nodeB.RegisterAsync("b1", jobId), jobId);

        // Posted to B, run on B.
        await b.PostAcceptedAsync(Scripts.Body(jobId, "Cross-node topic"));
        var onA1 = await nodeA.ResultAsync("a1", jobId);
        var onA2 = await nodeA.ResultAsync("a2", jobId);
        var onB1 = await nodeB.ResultAsync("b1", jobId);
        Expect.Succeeded(onA1, jobId, "Cross-node topic");
        Assert.Equal(onB1.GetRawText(), onA1.GetRawText());
        Assert.Equal(onB1.GetRawText(), onA2.GetRawText());

        // A sentinel posted after it to the same one-worker node: its result comes after the job's, on each node.
        var sentinel = Scripts.NewJobId("sentinel");
        Expect.AckSuccess(await nodeA.RegisterAsync("a1", sentinel), sentinel);
        Expect.AckSuccess(await nodeA.RegisterAsync("a2", sentinel), sentinel);
        Expect.AckSuccess(await nodeB.RegisterAsync("b1", sentinel), sentinel);
        await b.PostAcceptedAsync(Scripts.Body(sentinel, "Sentinel"));
        await nodeA.ResultAsync("a1", sentinel);
        await nodeA.ResultAsync("a2", sentinel);
        await nodeB.ResultAsync("b1", sentinel);
        Assert.Equal(1, nodeA.ResultCount("a1", jobId));
        Assert.Equal(1, nodeA.ResultCount("a2", jobId));
        Assert.Equal(1, nodeB.ResultCount("b1", jobId));
    }

    [Fact]
    public async Task Progress_JobRunOnAnotherNode_ReachesTheRegisteredSocket()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await StartNodeAsync(redis);
        await using var b = await StartNodeAsync(redis);
        await using var nodeA = NodeDriver.Start(a);
        var jobId = Scripts.NewJobId();

        await nodeA.ConnectAsync("a1");
        Expect.AckSuccess(await nodeA.RegisterAsync("a1", jobId), jobId);
        await b.PostAcceptedAsync(Scripts.Body(jobId, "Progress topic"));
        await nodeA.ResultAsync("a1", jobId);

        // The offline generator's stages, in order, the last at 100 before the result.
        var progress = nodeA.Events("a1", "scriptProgress");
        Assert.NotEmpty(progress);
        Assert.Equal(100, progress[^1].GetProperty("progress").GetProperty("progress").GetInt32());
    }

    private static Task<ServiceHost> StartNodeAsync(RedisServer redis) =>
        ServiceHost.StartAsync(configure: builder => builder.Services.AddRedisAdapter(redis.Configuration));
}
