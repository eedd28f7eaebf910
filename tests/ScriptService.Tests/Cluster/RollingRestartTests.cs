using System.Globalization;
using ScriptService.Tests.Cluster.Infrastructure;
using ScriptService.Tests.Service.Infrastructure;
using Xunit.Abstractions;

namespace ScriptService.Tests.Cluster;

/// <summary>
/// The deployment's rolling restart, as docs/deploy.md describes it (deploy/stop.sh nodeN, deploy/start.sh nodeN, one
/// node after the other) under 1,000 clients of the pinned socket.io-client behind HAProxy (client/rolling.mjs): no
/// job is lost, and every client ends with its own result once, through connection state recovery or by registering
/// again on its new session.
/// </summary>
[Collection(ClusterTestsAlone.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const int Clients = 1000;
    private static readonly TimeSpan _phaseTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task RollingRestart_OfEveryNodeUnderThousandClients_NoJobLostAndEachClientGetsItsResultOnce()
    {
        await using var llm = await HeldLlm.StartAsync();
        var settings = ClusterSettings.Llm(llm.Endpoint, workers: 2);
        settings["ScriptService__QueueCapacity"] = "100000";
        // Every client of this test posts from the test machine's one address, which HAProxy forwards as such.
        settings["DEPLOY_POSTS_PER_MINUTE"] = "100000";
        // A stopping node gives up its running jobs quickly; the others take them once stale.
        settings["ScriptService__ShutdownGrace"] = "00:00:01";
        await using var deployment = await Deployment.StartAsync(settings);
        await using var clients = NodeProcess.Start(
            "rolling.mjs",
            [deployment.Url, Clients.ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..8]],
            deployment.Describe);
        await clients.WaitForAsync(l => NodeProcess.Str(l, "step") == "ready", "every client connected and registered", _phaseTimeout);

        // The jobs are posted while node 1 stops: some POSTs meet it draining, or gone. The model holds every job
        // until node 1 is down, so that it dies with work; then jobs finish while nodes 2 and 3 restart.
        await clients.SendAsync("post");
        await deployment.StopAsync("node1");
        llm.Release();
        await deployment.StartAsync("node1");
        var posted = await clients.WaitForAsync(l => NodeProcess.Str(l, "step") == "posted", "every job posted", _phaseTimeout);
        Assert.True(posted.GetProperty("accepted").GetInt32() == Clients, $"Not every job was accepted: {posted}{Environment.NewLine}{clients.Describe()}");
        foreach (var node in new[] { "node2", "node3" })
        {
            await deployment.StopAsync(node);
            await deployment.StartAsync(node);
        }

        await clients.SendAsync("finish");
        var summary = await clients.WaitForAsync(l => NodeProcess.Str(l, "step") == "summary", "the clients' summary", _phaseTimeout);
        output.WriteLine($"posted: {posted}");
        output.WriteLine($"summary: {summary}");
        Assert.True(
            summary.GetProperty("ok").GetInt32() == Clients && summary.GetProperty("duplicates").GetInt32() == 0,
            $"Not every client got its own result once: {summary}{Environment.NewLine}{clients.Describe()}");

        // The restarts reached the clients: each node's sessions were cut, so about two in three clients reconnected.
        Assert.True(summary.GetProperty("disconnected").GetInt32() >= Clients / 2, $"Too few clients went through a restart: {summary}");
    }
}
