using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Density;

/// <summary>
/// Ramp N connections, sample (open connections, server RSS) as they come, settle, hold while the server pings,
/// and report the server's memory per connection.
/// </summary>
internal static class DensityCoordinator
{
    public static async Task<DensityResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        var result = new DensityResult { Target = options.Connections, RssBeforeBytes = ServerRss.Read(options.ServerPid) };

        await using var pool = run.CreatePool(options.Connections);
        var latest = new WorkerReport?[pool.Count];
        void Track(WorkerEnvelope envelope) => latest[envelope.Worker] = envelope.Report;

        var started = Ticks.Now;
        using var samplerStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var sampler = SampleAsync(options.SampleInterval, options.ServerPid, started, latest, result.Samples, samplerStop.Token);
        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);

        var ready = await pool.WaitAllAsync(WorkerReport.ReadyKind, token, Track);
        Array.Copy(ready, latest, ready.Length);
        long rampStart = long.MaxValue, rampEnd = 0;
        foreach (var report in ready)
        {
            rampStart = Math.Min(rampStart, report.RampStartedAt);
            rampEnd = Math.Max(rampEnd, report.RampEndedAt);
        }

        // From the first worker's first connect to the last worker's last answer: process start-up is not included.
        result.ConnectSeconds = Math.Round(Ticks.ToSeconds(rampEnd - rampStart), 3);

        await pool.ConsumeForAsync(TimeSpan.FromSeconds(options.Settle), Track, token);
        result.RssAfterSettleBytes = ServerRss.Read(options.ServerPid);

        await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.HoldKind), token);
        await pool.ConsumeForAsync(TimeSpan.FromSeconds(options.Hold), Track, token);
        result.RssEndBytes = ServerRss.Read(options.ServerPid);

        await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.StopKind), token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token, Track);
        await samplerStop.CancelAsync();
        await sampler;

        var errors = new ErrorCounter();
        var handshakes = new IntList(options.Connections);
        foreach (var report in finals)
        {
            result.Established += report.Established;
            result.Failed += report.Failed;
            result.Dropped += report.Dropped;
            result.PingsAnswered += report.Pings;
            errors.AddRange(report.Errors);
            handshakes.AddRange(report.Samples);
        }

        result.Errors = errors.Snapshot();
        result.ConnectRate = result.ConnectSeconds > 0 ? Math.Round(result.Established / result.ConnectSeconds, 1) : 0;
        result.HandshakeMs = LatencySummary.Of(handshakes.Sort());
        result.BytesPerConnectionSettle = PerConnection(result.RssAfterSettleBytes, result.RssBeforeBytes, result.Established);
        result.BytesPerConnectionEnd = PerConnection(result.RssEndBytes, result.RssBeforeBytes, result.Established);
        return result;
    }

    private static double? PerConnection(long? rss, long? before, int established) =>
        rss is { } after && before is { } baseline && established > 0 ? Math.Round((double)(after - baseline) / established, 1) : null;

    private static async Task SampleAsync(
        double intervalSeconds, int? serverPid, long started, WorkerReport?[] latest, List<DensitySample> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds));
        try
        {
            do
            {
                var open = 0;
                foreach (var report in latest)
                {
                    open += report is null ? 0 : report.Established - report.Dropped;
                }

                samples.Add(new DensitySample
                {
                    Seconds = Math.Round(Ticks.ToSeconds(Ticks.Now - started), 3),
                    Connections = open,
                    RssBytes = ServerRss.Read(serverPid),
                });
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
