using System.Globalization;
using ScriptService.Tests.Service.Infrastructure;
using Xunit.Abstractions;

namespace ScriptService.Tests.Service;

/// <summary>The load test runs alone: nothing else competes for the machine's two cores meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestsAlone
{
    public const string Name = "Service load";
}

/// <summary>
/// Test 8: 1,000 concurrent clients (one Node process, 1,000 socket.io-client sockets, each its own Manager over
/// WebSocket) register their own job, POST it, and each gets exactly its own result once. Prints the POST →
/// scriptResult latency; asserts nothing about time.
/// </summary>
[Collection(LoadTestsAlone.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 1000;

    [Fact]
    public async Task Clients1000_EachRegistersAndPostsItsOwnJob_EachGetsOnlyItsOwnResultOnce()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?>
        {
            // The service's defaults for workers and queue; only the per-client POST limit is lifted (one address here).
            ["ScriptService:Workers"] = null,
        });
        var run = Guid.NewGuid().ToString("N")[..8];

        await using var node = NodeProcess.Start("load.mjs", [host.Url, Clients.ToString(CultureInfo.InvariantCulture), run], host.Describe);
        await node.WaitForSuccessAsync(TimeSpan.FromSeconds(110));

        var summary = node.Step("summary");
        var latency = summary.GetProperty("latencyMs");
        var phases = summary.GetProperty("phasesMs");
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[ScriptService load] {Clients} clients: POST->scriptResult p50 {latency.GetProperty("p50")} ms, p90 {latency.GetProperty("p90")} ms, " +
            $"p99 {latency.GetProperty("p99")} ms, max {latency.GetProperty("max")} ms; connect {phases.GetProperty("connect")} ms, " +
            $"register+POST {phases.GetProperty("registerAndPost")} ms, last result {phases.GetProperty("lastResult")} ms after connecting, total {phases.GetProperty("total")} ms");
        output.WriteLine(line);
        Console.WriteLine(line);

        Assert.True(node.Steps("failure").Count == 0, $"Some clients went wrong:{Environment.NewLine}{string.Join(Environment.NewLine, node.Steps("failure"))}{Environment.NewLine}{node.Describe()}");
        Assert.Equal(Clients, summary.GetProperty("received").GetInt32());
        Assert.Equal(0, summary.GetProperty("duplicates").GetInt32());
        Assert.Equal(Clients, summary.GetProperty("ok").GetInt32());
    }
}
