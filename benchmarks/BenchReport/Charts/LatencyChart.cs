using System.Globalization;
using BenchReport.Input;
using BenchReport.Scenarios;
using ScottPlot.TickGenerators;

namespace BenchReport.Charts;

/// <summary><c>ack-latency.png</c>: echo's latency percentile curve per server.</summary>
/// <remarks>
/// The x axis is −log10(1 − p), so 90, 99, 99.9 and 99.99 are evenly spaced and the tail is readable; p100 (the max)
/// has no place on it and is left out. The y axis turns logarithmic when the curves span more than a decade and a half.
/// </remarks>
internal static class LatencyChart
{
    public const string FileName = "ack-latency.png";

    private const double LogScaleAboveDecades = 1.5;

    private static readonly (double Percentile, string Label)[] _ticks =
        [(0, "0%"), (50, "50%"), (90, "90%"), (99, "99%"), (99.9, "99.9%"), (99.99, "99.99%")];

    public static ChartFile? Write(ResultSet results, string directory, List<string> problems)
    {
        var runs = results.Scenario(ScenarioCatalog.Echo.Id);
        var curves = new List<(int ServerIndex, string Legend, double[] Xs, double[] Ys)>();
        for (var i = 0; i < results.Servers.Count; i++)
        {
            var server = results.Servers[i];
            if (Representative.Pick(runs, server.Id, r => r.Echo!.LatencyMs?.P99) is not { } run)
            {
                continue;
            }

            var points = run.Result.Echo!.Percentiles?.Where(p => p.Percentile < 100 && p.Ms > 0).OrderBy(p => p.Percentile).ToArray();
            if (points is not { Length: > 0 })
            {
                problems.Add($"`{ScenarioCatalog.Echo.Id}/{run.FileName}`: no latency percentiles; not in `{FileName}`.");
                continue;
            }

            curves.Add((i, ChartStyle.LegendText(server, run, ScenarioCatalog.Echo.PointName),
                [.. points.Select(p => Position(p.Percentile))], [.. points.Select(p => p.Ms)]));
        }

        if (curves.Count == 0)
        {
            return null;
        }

        var min = curves.Min(c => c.Ys.Min());
        var max = curves.Max(c => c.Ys.Max());
        var logarithmic = Math.Log10(max / min) > LogScaleAboveDecades;
        var plot = ChartStyle.Create("Echo ack latency by percentile", "percentile", logarithmic ? "latency (ms, log scale)" : "latency (ms)");
        foreach (var (serverIndex, legend, xs, ys) in curves)
        {
            var line = plot.Add.ScatterLine(xs, logarithmic ? ys.Select(Math.Log10).ToArray() : ys, ChartStyle.ColorOf(serverIndex));
            line.LineWidth = 2;
            line.LegendText = legend;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual([.. _ticks.Select(t => Position(t.Percentile))], [.. _ticks.Select(t => t.Label)]);
        if (logarithmic)
        {
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G4", CultureInfo.InvariantCulture),
            };
            plot.Grid.MinorLineWidth = 1;
            plot.Grid.MinorLineColor = ScottPlot.Colors.Black.WithOpacity(.05);
        }
        else
        {
            ChartStyle.FitFromZero(plot, x: false, y: true);
        }

        var path = Path.Combine(directory, FileName);
        ChartStyle.Save(plot, path);
        return new ChartFile(path, "Echo ack latency by percentile",
            "Emit → ack latency at each percentile of every ack in the measured window (the max is in the table, not on "
            + "the curve). One run per server at its largest point: the repeat whose p99 is closest to the median.");
    }

    private static double Position(double percentile) => -Math.Log10(1 - (percentile / 100));
}
