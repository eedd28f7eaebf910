using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Density;

/// <summary>
/// Opens the worker's connections and keeps them alive (answering pings) until told to stop, reporting progress
/// every 250 ms so that the coordinator can sample established connections against RSS.
/// </summary>
internal static class DensityWorker
{
    private static readonly TimeSpan _progressInterval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(WorkerContext context)
    {
        var ramp = new ConnectionRamp(context);
        var client = new DensityClient(ramp.Errors);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        var progress = ReportProgressAsync(context, ramp, client, progressStop.Token);

        var rampStartedAt = Ticks.Now;
        await ramp.OpenAsync(_ => client);
        var ready = Snapshot(WorkerReport.ReadyKind, ramp, client);
        ready.RampStartedAt = rampStartedAt;
        ready.RampEndedAt = Ticks.Now;
        context.Report(ready);

        long pingsAtHold = 0;
        while (true)
        {
            var command = await context.NextCommandAsync();
            if (command.Kind == WorkerCommand.HoldKind)
            {
                pingsAtHold = client.Pings;
            }
            else if (command.Kind == WorkerCommand.StopKind)
            {
                break;
            }
        }

        var result = Snapshot(WorkerReport.ResultKind, ramp, client);
        await progressStop.CancelAsync();
        await progress;
        ramp.CloseAll();
        result.Pings = client.Pings - pingsAtHold;
        result.Errors = ramp.Errors.Snapshot();
        result.Samples = ramp.HandshakeMicros.ToArray();
        context.Report(result);
    }

    private static WorkerReport Snapshot(string kind, ConnectionRamp ramp, DensityClient client) => new()
    {
        Kind = kind,
        Established = ramp.Established,
        Failed = ramp.Failed,
        Dropped = client.Dropped,
    };

    private static async Task ReportProgressAsync(WorkerContext context, ConnectionRamp ramp, DensityClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_progressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                context.Report(Snapshot(WorkerReport.ProgressKind, ramp, client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
