using System.Threading.Channels;
using LoadDriver.Modes.Broadcast;
using LoadDriver.Modes.Density;
using LoadDriver.Modes.Echo;
using LoadDriver.Modes.Jobs;
using LoadDriver.Modes.Soak;
using LoadDriver.Modes.Storm;

namespace LoadDriver.Workers;

/// <summary>Runs one worker's share of a mode inside a worker process.</summary>
internal static class WorkerHost
{
    /// <summary>Seconds a worker outlives the run's hard cap before it stops by itself.</summary>
    private const double GraceSeconds = 30;

    public static async Task RunAsync(ChannelReader<WorkerCommand> commands, Action<WorkerReport> report, CancellationToken cancellationToken)
    {
        WorkerCommand first;
        try
        {
            first = await commands.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            return;
        }

        if (first.Start is not { } start)
        {
            report(new WorkerReport { Kind = WorkerReport.FailedKind, Message = $"expected a start command, got '{first.Kind}'" });
            return;
        }

        using var hardCap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardCap.CancelAfter(TimeSpan.FromSeconds(start.TimeoutSeconds + GraceSeconds));
        var context = new WorkerContext(start, commands, report, hardCap.Token);
        try
        {
            await (start.Mode switch
            {
                "density" => DensityWorker.RunAsync(context),
                "echo" => EchoWorker.RunAsync(context),
                "broadcast" or "cluster" => BroadcastWorker.RunAsync(context),
                "jobs" => JobsWorker.RunAsync(context),
                "soak" => SoakWorker.RunAsync(context),
                "storm" => StormWorker.RunAsync(context),
                _ => throw new InvalidOperationException($"unknown mode '{start.Mode}'"),
            });
        }
        catch (Exception e)
        {
            report(new WorkerReport { Kind = WorkerReport.FailedKind, Message = e.ToString() });
        }
    }
}
