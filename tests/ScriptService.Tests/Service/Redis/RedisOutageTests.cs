using System.Net;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// Redis goes away under a node of the service and comes back: meanwhile POST and GET answer 503 with Retry-After and
/// readiness fails, each at once; then, without a restart of the node, it serves fully again.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task RedisDown_PostAndGet503WithRetryAfterReadinessFails_ThenFullServiceWhenItReturns()
    {
        await using var host = await ServiceHost.StartAsync(RedisNodes.Settings(_redis, "outage"));
        await using var node = NodeDriver.Start(host);
        var before = Scripts.NewJobId("before");
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", before), before);
        await host.PostAcceptedAsync(Scripts.Body(before, "Before the outage"));
        Expect.Succeeded(await node.ResultAsync("a", before), before, "Before the outage");
        using (var ready = await host.Http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await _redis.KillAsync();

        // Each answer comes (the client's timeout would fail the test otherwise), and says to come back.
        using (var post = await host.PostAsync(Scripts.Body(Scripts.NewJobId("during"), "During the outage")))
        {
            await Expect.ProblemAsync(post, HttpStatusCode.ServiceUnavailable);
            Assert.True(post.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {post.Headers.RetryAfter}");
        }

        using (var get = await host.GetJobAsync(before))
        {
            await Expect.ProblemAsync(get, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(get.Headers.RetryAfter);
        }

        using (var ready = await host.Http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // The socket stays connected, and a registration is still acknowledged.
        var during = Scripts.NewJobId("registered-during");
        Expect.AckSuccess(await node.RegisterAsync("a", during), during);

        // Redis returns (empty: no persistence in tests). The node finds it again by itself.
        await _redis.RestartAsync();
        await WaitUntilReadyAsync(host);

        var after = Scripts.NewJobId("after");
        Expect.AckSuccess(await node.RegisterAsync("a", after), after);
        await host.PostAcceptedAsync(Scripts.Body(after, "After the outage"));
        Expect.Succeeded(await node.ResultAsync("a", after), after, "After the outage");
        await host.PostAcceptedAsync(Scripts.Body(during, "Posted once Redis is back"));
        Expect.Succeeded(await node.ResultAsync("a", during), during, "Posted once Redis is back");

        // Redis came back without the queue's consumer group: the node made it again.
        Assert.True(host.Logs.Count("QueueGroupCreated") >= 2, host.Describe());
    }

    /// <summary>Asks <c>/readyz</c> until it answers 200 (each answer is itself bounded by the operation timeout).</summary>
    internal static async Task WaitUntilReadyAsync(ServiceHost host)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        while (true)
        {
            using (var ready = await host.Http.GetAsync("/readyz", deadline.Token))
            {
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            // Between two probes: a reconnection has no event a test can await from outside the node.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
