using BenchReport.Input;
using BenchReport.Scenarios;

namespace BenchReport.Charts;

/// <summary><c>memory-vs-connections.png</c>: server RSS growth against established connections, from density's samples.</summary>
internal static class MemoryChart
{
    public const string FileName = "memory-vs-connections.png";

    private const double BytesPerMebibyte = 1024 * 1024;

    public static ChartFile? Write(ResultSet results, string directory, List<string> problems)
    {
        var runs = results.Scenario(ScenarioCatalog.Density.Id);
        var plot = ChartStyle.Create("Server memory as connections open and hold", "established connections", "server RSS growth (MiB)");
        var drawn = 0;
        for (var i = 0; i < results.Servers.Count; i++)
        {
            var server = results.Servers[i];
            if (Representative.Pick(runs, server.Id, r => r.Density!.BytesPerConnectionEnd) is not { } run)
            {
                continue;
            }

            var density = run.Result.Density!;
            if (density.Samples is not { Count: > 0 } samples || density.RssBeforeBytes is not { } before)
            {
                problems.Add($"`{ScenarioCatalog.Density.Id}/{run.FileName}`: no samples or no RSS before the first connection; not in `{FileName}`.");
                continue;
            }

            var xs = samples.Select(s => (double)s.Connections).ToArray();
            var ys = samples.Select(s => (s.RssBytes - before) / BytesPerMebibyte).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, ChartStyle.ColorOf(i));
            line.LineWidth = 2;
            line.LegendText = ChartStyle.LegendText(server, run, ScenarioCatalog.Density.PointName);
            drawn++;
        }

        if (drawn == 0)
        {
            return null;
        }

        ChartStyle.FitFromZero(plot, x: true, y: true);
        var path = Path.Combine(directory, FileName);
        ChartStyle.Save(plot, path);
        return new ChartFile(path, "Server RSS growth against established connections",
            "Server RSS above its level before the first connection, sampled about once a second from the start of the "
            + "ramp to the end of the hold (the vertical part at the right is the settle and hold at full count). One run "
            + "per server at its largest point: the repeat whose KiB per connection at the end is closest to the median.");
    }
}
