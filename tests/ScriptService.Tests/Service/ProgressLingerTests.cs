using Microsoft.Extensions.DependencyInjection;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;
using ScriptService.Tests.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// <c>ScriptService:ProgressLinger</c>: a job's progress report waits up to that long, and goes out with the reports
/// made meanwhile, and with the result if the job's outcome is stored meanwhile. The store holds the outcome of "held"
/// jobs at a gate: the offline generator has made all its reports by then.
/// </summary>
public sealed class ProgressLingerTests
{
    [Theory]
    [InlineData("00:00:10", false)]
    [InlineData("00:00:00", true)]
    public async Task Progress_OfAJobThatEndsWithinTheLinger_GoesOutWithItsResult(string linger, bool sentAtOnce)
    {
        GatedJobStore? gated = null;
        await using var host = await ServiceHost.StartAsync(
            new Dictionary<string, string?> { ["ScriptService:ProgressLinger"] = linger },
            configure: builder => builder.Services.AddSingleton<IJobStore>(services =>
                gated = new GatedJobStore(ActivatorUtilities.CreateInstance<SqliteJobStore>(services), key => key.JobId.StartsWith("held", StringComparison.Ordinal))));
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var held = Scripts.NewJobId("held");
        Expect.AckSuccess(await node.RegisterAsync("a", held), held);

        await host.PostAcceptedAsync(Scripts.Body(held, "Lingering topic"));
        await gated!.HeldReached.WaitAsync(TimeSpan.FromSeconds(30));

        // A round trip on the same connection after every report was made: a report sent before the ack would have
        // arrived before it.
        var other = Scripts.NewJobId("other");
        Expect.AckSuccess(await node.RegisterAsync("a", other), other);
        if (sentAtOnce)
        {
            Assert.Equal(4, node.Events("a", "scriptProgress").Count);
        }
        else
        {
            Assert.Empty(node.Events("a", "scriptProgress"));
        }

        gated.Open();
        await node.ResultAsync("a", held);
        Assert.Equal(["outline 20", "draft 60", "polish 90", "done 100", "result"], node.ProgressAndResults("a"));
    }
}
