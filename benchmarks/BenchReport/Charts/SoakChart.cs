using BenchReport.Input;
using BenchReport.Scenarios;
using ScottPlot;

namespace BenchReport.Charts;

/// <summary><c>soak-resources.png</c>: the service's RSS, managed heap and descriptors through the soak.</summary>
/// <remarks>
/// Memory on the left axis (MiB), counts on the right (descriptors and the connections open), both from zero so that a
/// flat line looks flat and a creep is not magnified. The ramp, the warm-up (left out of the verdict) and the drain are
/// shaded.
/// </remarks>
internal static class SoakChart
{
    public const string FileName = "soak-resources.png";

    private const double BytesPerMebibyte = 1024 * 1024;
    private const int ChartHeight = 600;

    // The legend (seven entries) sits in the data area's top part, above the lines: a legend panel under the chart
    // draws them in one column and cuts it off.
    private const double Headroom = 1.6;

    public static ChartFile? Write(ResultSet results, string directory, List<string> problems)
    {
        var runs = results.Scenario(ScenarioCatalog.Soak.Id);
        var run = results.Servers.Select(s => Representative.Pick(runs, s.Id, r => r.Soak!.DurationSeconds)).FirstOrDefault(r => r is not null);
        if (run?.Result.Soak is not { Samples: { Count: > 1 } samples } soak)
        {
            if (run is not null)
            {
                problems.Add($"`{ScenarioCatalog.Soak.Id}/{run.FileName}`: fewer than two samples; no `{FileName}`.");
            }

            return null;
        }

        var plot = ChartStyle.Create($"Service through the soak ({run.Point:N0} connections)", "minutes since the driver started", "memory (MiB)");
        double Minutes(double seconds) => seconds / 60;
        var end = Minutes(samples[^1].Seconds);
        Shade(plot, 0, Minutes(soak.SoakStartSeconds ?? 0), Colors.Gray, "ramp");
        Shade(plot, Minutes(soak.SoakStartSeconds ?? 0), Minutes(soak.MeasureStartSeconds ?? 0), Colors.Orange, "warm-up (not judged)");
        Shade(plot, Minutes(soak.SoakEndSeconds ?? samples[^1].Seconds), end, Colors.Gray, "drain (last jobs)");

        Line(plot, samples, s => s.RssBytes / BytesPerMebibyte, ChartStyle.ColorOf(0), "RSS (MiB)", 2, right: false);
        Line(plot, samples, s => s.HeapBytes / BytesPerMebibyte, ChartStyle.ColorOf(1), "managed heap after the last GC (MiB)", 2, right: false);
        Line(plot, samples, s => s.GcHeapSizeBytes / BytesPerMebibyte, ChartStyle.ColorOf(1).WithOpacity(.45), "managed heap incl. garbage not yet collected (MiB)", 1, right: false);
        FullGcMarkers(plot, samples, ChartStyle.ColorOf(1));
        Line(plot, samples, s => s.Descriptors, ChartStyle.ColorOf(2), "open descriptors (right axis)", 2, right: true);
        if (Line(plot, samples, s => s.Connections, ChartStyle.ColorOf(3), "connections open (right axis)", 1.5f, right: true) is { } connections)
        {
            connections.LinePattern = LinePattern.Dashed;
        }

        plot.Axes.Right.Label.Text = "descriptors, connections";
        plot.Axes.Right.Label.FontSize = 14;
        plot.Axes.Right.TickLabelStyle.FontSize = 12;
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(0, end);
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left).Top * Headroom, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Right).Top * Headroom, plot.Axes.Right);

        var path = Path.Combine(directory, FileName);
        plot.ShowLegend(Alignment.UpperCenter, Orientation.Horizontal);
        plot.Legend.FontSize = 11;
        plot.SavePng(path, ChartStyle.Width, ChartHeight);
        return new ChartFile(path, "The service's memory and descriptors through the soak",
            $"One sample every {soak.SampleIntervalSeconds:0.#} s from before the first connection to the last job. Memory on "
            + "the left axis, counts on the right, both from zero. The managed heap after the last GC moves in steps (it changes "
            + "only when a GC runs; circles mark the samples right after a full GC, on which its verdict rests); the faint "
            + "line is the heap with the garbage not yet collected.");
    }

    private static void Shade(Plot plot, double from, double to, Color color, string legend)
    {
        if (to <= from)
        {
            return;
        }

        var span = plot.Add.HorizontalSpan(from, to, color.WithOpacity(.2));
        span.LineWidth = 0;
        span.LegendText = legend;
    }

    /// <summary>The heap at the samples whose gen 2 count went up: what full GCs left, the points its verdict uses.</summary>
    private static void FullGcMarkers(Plot plot, IReadOnlyList<SoakSample> samples, Color color)
    {
        var points = samples.Where((s, i) => i > 0 && s.HeapBytes is not null && s.Gen2Collections > samples[i - 1].Gen2Collections).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var markers = plot.Add.ScatterPoints(points.Select(s => s.Seconds / 60).ToArray(), points.Select(s => s.HeapBytes!.Value / BytesPerMebibyte).ToArray(), color);
        markers.MarkerSize = 7;
        markers.MarkerShape = MarkerShape.OpenCircle;
        markers.LegendText = "heap right after a full GC";
    }

    /// <summary>A series as a line; none when no sample has it (e.g. the heap of a server without a diagnostics channel).</summary>
    private static ScottPlot.Plottables.Scatter? Line(
        Plot plot, IReadOnlyList<SoakSample> samples, Func<SoakSample, double?> select, Color color, string legend, float width, bool right)
    {
        var points = samples.Where(s => select(s) is not null).ToArray();
        if (points.Length == 0)
        {
            return null;
        }

        var line = plot.Add.ScatterLine(points.Select(s => s.Seconds / 60).ToArray(), points.Select(s => select(s)!.Value).ToArray(), color);
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LegendText = legend;
        if (right)
        {
            line.Axes.YAxis = plot.Axes.Right;
        }

        return line;
    }
}
