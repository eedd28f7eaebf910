using BenchReport.Input;
using BenchReport.Scenarios;

namespace BenchReport.Charts;

/// <summary><c>broadcast-completion.png</c>: each broadcast's completion time per server, in the order they were sent.</summary>
internal static class BroadcastChart
{
    public const string FileName = "broadcast-completion.png";

    public static ChartFile? Write(ResultSet results, string directory, List<string> problems)
    {
        var runs = results.Scenario(ScenarioCatalog.Broadcast.Id);
        var plot = ChartStyle.Create("Broadcast completion per message", "message (seq)", "emit → last member's tick (ms)");
        var drawn = 0;
        for (var i = 0; i < results.Servers.Count; i++)
        {
            var server = results.Servers[i];
            if (Representative.Pick(runs, server.Id, r => r.Broadcast!.CompletionMs?.P99) is not { } run)
            {
                continue;
            }

            var messages = run.Result.Broadcast!.PerMessage ?? [];
            var completed = messages.Where(m => m.CompletionMs is not null).OrderBy(m => m.Seq).ToArray();
            if (completed.Length < messages.Count)
            {
                problems.Add($"`{ScenarioCatalog.Broadcast.Id}/{run.FileName}`: {messages.Count - completed.Length} message(s) reached no member; "
                    + $"`{FileName}` shows the others.");
            }

            if (completed.Length == 0)
            {
                continue;
            }

            var xs = completed.Select(m => (double)m.Seq).ToArray();
            var ys = completed.Select(m => m.CompletionMs!.Value).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, ChartStyle.ColorOf(i));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = ChartStyle.LegendText(server, run, ScenarioCatalog.Broadcast.PointName);
            drawn++;
        }

        if (drawn == 0)
        {
            return null;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        ChartStyle.FitFromZero(plot, x: false, y: true);
        var path = Path.Combine(directory, FileName);
        ChartStyle.Save(plot, path);
        return new ChartFile(path, "Broadcast completion per message",
            "Time from the control connection's emit to the last room member's `tick`, for each message in the order sent "
            + "(the first ones include any warm-up). One run per server at its largest point: the repeat whose p99 is "
            + "closest to the median.");
    }
}
