using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Echo;

/// <summary>C closed loops of emit-with-ack; acks per second and latency over the window after the warmup.</summary>
internal static class EchoCoordinator
{
    private static readonly double[] _curve = BuildCurve();

    public static async Task<EchoResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        await using var pool = run.CreatePool(options.Connections);
        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);
        var ready = await pool.WaitAllAsync(WorkerReport.ReadyKind, token);

        var measureStart = Ticks.Now + Ticks.FromSeconds(options.Warmup);
        var measureEnd = measureStart + Ticks.FromSeconds(options.Duration);
        await pool.SendAllAsync(new WorkerCommand { Kind = WorkerCommand.GoKind, Ticks = [measureStart, measureEnd] }, token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token);

        var result = new EchoResult { MeasuredSeconds = options.Duration };
        var samples = new IntList(1024);
        foreach (var report in ready)
        {
            result.Connections += report.Established;
        }

        foreach (var report in finals)
        {
            result.Acks += report.Acks;
            result.Errors += report.ErrorTotal;
            samples.AddRange(report.Samples);
        }

        result.AcksPerSecond = Math.Round(result.Acks / options.Duration, 1);
        var sorted = samples.Sort();
        result.LatencyMs = new EchoLatency
        {
            P50 = Percentiles.Ms(sorted, 50),
            P90 = Percentiles.Ms(sorted, 90),
            P99 = Percentiles.Ms(sorted, 99),
            P999 = Percentiles.Ms(sorted, 99.9),
            Max = Percentiles.Max(sorted),
        };
        foreach (var percentile in _curve)
        {
            result.Percentiles.Add(new PercentilePoint
            {
                Percentile = percentile,
                Ms = Percentiles.Ms(sorted, percentile),
            });
        }

        ErrorLog.Write(finals);
        return result;
    }

    private static double[] BuildCurve()
    {
        var curve = new double[104];
        for (var i = 0; i < 100; i++)
        {
            curve[i] = i;
        }

        curve[100] = 99.5;
        curve[101] = 99.9;
        curve[102] = 99.99;
        curve[103] = 100;
        return curve;
    }
}
