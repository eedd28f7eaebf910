using System.Runtime.CompilerServices;
using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Soak;

/// <summary>
/// The soak: N connections held for a duration while a fraction of them churns and jobs run throughout, the server
/// process sampled at a fixed interval (RSS, descriptors, threads from <c>/proc</c>; the managed heap from its
/// runtime counters), then a verdict on whether those stayed flat after the warm-up and whether anything was lost.
/// </summary>
internal static class SoakCoordinator
{
    private const double BytesPerMebibyte = 1024 * 1024;

    // How far a series may move over the measured window and still read as flat. RSS and descriptors follow the
    // connections closely; the heap that full GCs leave differs a little from one to the next even when nothing leaks.
    private const double RssTolerancePercent = 5;
    private const double DescriptorTolerancePercent = 2;
    private const double HeapTolerancePercent = 10;
    private const double ThreadTolerancePercent = 25;

    private const int PhaseRamp = 0;
    private const int PhaseSoak = 1;
    private const int PhaseDrain = 2;

    public static async Task<SoakResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        var pid = options.ServerPid!.Value;
        var result = new SoakResult
        {
            Target = options.Connections,
            DurationSeconds = options.Duration,
            WarmupSeconds = options.Warmup,
            SampleIntervalSeconds = options.SampleInterval,
            ChurnPerSecond = options.ChurnPerSecond,
            JobsPerSecond = options.JobsPerSecond,
            Transports = CountTransports(options),
        };

        using var counters = RuntimeCounters.TryStart(pid, options.SampleInterval, out var countersFailure);
        result.HeapSource = counters is null
            ? countersFailure!
            : "System.Runtime EventCounters over the diagnostics IPC (EventPipe): gen-0/1/2, LOH and POH sizes after the last GC, gc-committed";

        await using var pool = run.CreatePool(options.Connections);
        var latest = new SoakCounts?[pool.Count];
        void Track(WorkerEnvelope envelope)
        {
            if (envelope.Report.Soak is { } counts)
            {
                latest[envelope.Worker] = counts;
            }
        }

        var started = Ticks.Now;
        var phase = new StrongBox<int>(PhaseRamp);
        using var samplerStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var sampler = SampleAsync(options.SampleInterval, pid, started, phase, latest, counters, result.Samples, samplerStop.Token);

        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);
        var ready = await pool.WaitAllAsync(WorkerReport.ReadyKind, token, Track);
        for (var i = 0; i < ready.Length; i++)
        {
            latest[i] = ready[i].Soak;
            result.Established += ready[i].Established;
            result.Failed += ready[i].Failed;
        }

        var soakStart = Ticks.Now;
        result.RampSeconds = Math.Round(Ticks.ToSeconds(soakStart - started), 3);
        result.SoakStartSeconds = result.RampSeconds;
        result.MeasureStartSeconds = Math.Round(result.SoakStartSeconds + options.Warmup, 3);
        Volatile.Write(ref phase.Value, PhaseSoak);
        await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.GoKind), token);
        await pool.ConsumeForAsync(TimeSpan.FromSeconds(options.Duration), Track, token);

        result.SoakEndSeconds = Math.Round(Ticks.ToSeconds(Ticks.Now - started), 3);
        result.OpenAtEnd = latest.Sum(c => c?.Open ?? 0);
        Volatile.Write(ref phase.Value, PhaseDrain);
        await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.StopKind), token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token, Track);
        await samplerStop.CancelAsync();
        await sampler;
        result.HeapSource += counters?.Failure is { } failure ? $" ({failure})" : "";

        var errors = new ErrorCounter();
        var latencies = new IntList(1024);
        foreach (var report in finals)
        {
            var counts = report.Soak!;
            result.Dropped += counts.Dropped;
            result.ChurnCycles += counts.ChurnCycles;
            result.ChurnFailed += counts.ChurnFailed;
            result.JobsStarted += counts.JobsStarted;
            result.JobsPosted += counts.JobsPosted;
            result.JobsCompleted += counts.JobsCompleted;
            result.JobsFailed += counts.JobsFailed;
            result.JobsLost += counts.JobsLost;
            result.JobsDuplicated += counts.JobsDuplicated;
            errors.AddRange(report.Errors);
            latencies.AddRange(report.Samples);
        }

        result.Errors = errors.Snapshot();
        result.JobLatencyMs = LatencySummary.Of(latencies.Sort());
        Judge(result);
        return result;
    }

    /// <summary>The verdicts, over the samples of the measured window.</summary>
    private static void Judge(SoakResult result)
    {
        var window = result.Samples
            .Where(s => s.Phase == "soak" && s.Seconds >= result.MeasureStartSeconds && s.Seconds <= result.SoakEndSeconds)
            .ToList();
        result.OpenMin = window.Count > 0 ? window.Min(s => s.Connections) : null;

        static List<(double, double)> Series(IEnumerable<SoakSample> samples, Func<SoakSample, double?> select) =>
            [.. samples.Where(s => select(s) is not null).Select(s => (s.Seconds, select(s)!.Value))];

        var (from, to) = (result.MeasureStartSeconds, result.SoakEndSeconds);
        result.Flatness =
        [
            Flatness.Judge("RSS", "MiB", judged: true, RssTolerancePercent, from, to, Series(window, s => s.RssBytes / BytesPerMebibyte), FlatnessStatistic.Mean),
            Flatness.Judge("descriptors", "fds", judged: true, DescriptorTolerancePercent, from, to, Series(window, s => s.Descriptors), FlatnessStatistic.Mean),
            JudgeHeap(result.Samples, window, from, to),
            Flatness.Judge("threads", "threads", judged: false, ThreadTolerancePercent, from, to, Series(window, s => s.Threads), FlatnessStatistic.Mean),
        ];
        result.Flat = result.Flatness.Where(f => f.Judged).All(f => f.Verdict is "flat" or "shrinking");
        result.NothingLost = result.Dropped == 0 && result.Failed == 0 && result.ChurnFailed == 0
            && result.JobsFailed == 0 && result.JobsLost == 0 && result.JobsDuplicated == 0
            && result.JobsCompleted == result.JobsStarted;
    }

    /// <summary>
    /// The managed heap after the last GC is a saw-tooth: generation 2 fills between full GCs and each drops it back,
    /// so a third's mean depends on where in a tooth the third ends. What a leak raises is the heap a full GC leaves:
    /// the samples whose gen 2 count went up since the sample before. Those are judged when each third has some;
    /// otherwise each third's minimum stands in for them.
    /// </summary>
    private static FlatnessResult JudgeHeap(List<SoakSample> all, List<SoakSample> window, double from, double to)
    {
        const string Name = "managed heap after GC";
        var afterFullGc = new List<(double, double)>();
        for (var i = 1; i < all.Count; i++)
        {
            var sample = all[i];
            if (sample.Phase == "soak" && sample.Seconds >= from && sample.Seconds <= to && sample.HeapBytes is { } heap
                && sample.Gen2Collections > all[i - 1].Gen2Collections)
            {
                afterFullGc.Add((sample.Seconds, heap / BytesPerMebibyte));
            }
        }

        var judged = Flatness.Judge(Name, "MiB", judged: true, HeapTolerancePercent, from, to, afterFullGc, FlatnessStatistic.MeanAfterFullGc);
        return judged.Verdict != Flatness.NoData
            ? judged
            : Flatness.Judge(Name, "MiB", judged: true, HeapTolerancePercent, from, to,
                [.. window.Where(s => s.HeapBytes is not null).Select(s => (s.Seconds, s.HeapBytes!.Value / BytesPerMebibyte))], FlatnessStatistic.Minimum);
    }

    private static Dictionary<string, int> CountTransports(Cli.DriverOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["websocket"] = 0, ["polling"] = 0, ["upgrade"] = 0 };
        for (var i = 0; i < options.Connections; i++)
        {
            var key = SoakTransports.Of(i, options.PollingShare, options.UpgradeShare) switch
            {
                SoakTransport.Polling => "polling",
                SoakTransport.Upgrade => "upgrade",
                _ => "websocket",
            };
            counts[key]++;
        }

        return counts;
    }

    private static async Task SampleAsync(
        double intervalSeconds,
        int pid,
        long started,
        StrongBox<int> phase,
        SoakCounts?[] latest,
        RuntimeCounters? counters,
        List<SoakSample> samples,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds));
        try
        {
            do
            {
                var (rss, threads, descriptors) = ServerProcess.Read(pid);
                var sample = new SoakSample
                {
                    Seconds = Math.Round(Ticks.ToSeconds(Ticks.Now - started), 3),
                    Phase = Volatile.Read(ref phase.Value) switch { PhaseRamp => "ramp", PhaseSoak => "soak", _ => "drain" },
                    RssBytes = rss,
                    Threads = threads,
                    Descriptors = descriptors,
                };
                foreach (var counts in latest)
                {
                    sample.Connections += counts?.Open ?? 0;
                    sample.JobsCompleted += counts?.JobsCompleted ?? 0;
                    sample.ChurnCycles += counts?.ChurnCycles ?? 0;
                }

                if (counters?.Snapshot() is { Count: > 0 } values)
                {
                    sample.HeapBytes = HeapAfterGc(values);
                    sample.GcCommittedBytes = values.TryGetValue("gc-committed", out var committed) && committed > 0 ? (long)committed : null;
                    sample.GcHeapSizeBytes = values.TryGetValue("gc-heap-size", out var heapNow) ? (long)heapNow : null;
                    sample.Gen2Collections = values.TryGetValue("gen-2-gc-count", out var fullGcs) ? (long)fullGcs : null;
                }

                samples.Add(sample);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The generations' sizes as the last GC left them; null until the runtime has published them all and
    /// until the first GC (before it the runtime reports every size as 0).</summary>
    private static long? HeapAfterGc(Dictionary<string, double> values)
    {
        double total = 0;
        foreach (var name in (string[])["gen-0-size", "gen-1-size", "gen-2-size", "loh-size", "poh-size"])
        {
            if (!values.TryGetValue(name, out var size))
            {
                return null;
            }

            total += size;
        }

        return total > 0 ? (long)total : null;
    }
}
