using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Jobs;

/// <summary>The client guide's flow, C clients × R rounds; all clients of a round run at once.</summary>
internal static class JobsCoordinator
{
    public static async Task<JobsResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        await using var pool = run.CreatePool(options.Clients);
        await pool.StartAsync(run.Template(), options.Clients, options.Concurrency, token);
        await pool.WaitAllAsync(WorkerReport.ReadyKind, token);

        var latencies = new IntList(options.Clients * options.Rounds);
        var started = Ticks.Now;
        for (var round = 0; round < options.Rounds; round++)
        {
            await pool.SendAllAsync(new WorkerCommand { Kind = WorkerCommand.RoundKind, Round = round }, token);
            foreach (var report in await pool.WaitAllAsync(WorkerReport.RoundDoneKind, token))
            {
                latencies.AddRange(report.Samples);
            }
        }

        var seconds = Ticks.ToSeconds(Ticks.Now - started);
        await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.StopKind), token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token);

        var result = new JobsResult
        {
            Clients = options.Clients,
            Rounds = options.Rounds,
            Jobs = latencies.Count,
            Failed = (long)options.Clients * options.Rounds - latencies.Count,
            JobsPerSecond = seconds > 0 ? Math.Round(latencies.Count / seconds, 1) : 0,
            LatencyMs = LatencySummary.Of(latencies.Sort()),
        };
        foreach (var report in finals)
        {
            result.Duplicated += report.Duplicated;
            result.Lost += report.Lost;
        }

        ErrorLog.Write(finals);
        return result;
    }
}
