using System.Globalization;
using System.Text;
using BenchReport.Charts;
using BenchReport.Input;
using BenchReport.Scenarios;

namespace BenchReport.Markdown;

/// <summary>
/// The soak's section: what it does, then per run the verdict, the counts (connections, churn, jobs), the flatness of
/// each series over the measured window, the errors and the chart. The soak runs the service alone, so there is no
/// baseline column.
/// </summary>
internal sealed class SoakSection(ResultSet results, IReadOnlyList<ChartFile> charts, string documentPath)
{
    private static readonly CultureInfo _culture = CultureInfo.InvariantCulture;

    private readonly ScenarioRuns _runs = results.Scenario(ScenarioCatalog.Soak.Id);

    public void Write(StringBuilder md)
    {
        var scenario = ScenarioCatalog.Soak;
        md.AppendLine($"## {scenario.Title}").AppendLine();
        if (!_runs.HasResults)
        {
            md.AppendLine(_runs.Meta is null
                ? "Not run: this run's meta.json does not list the scenario, and there are no result files for it. It runs on its own: `benchmarks/run.sh soak`."
                : $"Not run: meta.json lists the scenario, but `{scenario.Id}/` holds no result files. It runs on its own: `benchmarks/run.sh soak`.").AppendLine();
            return;
        }

        md.AppendLine(scenario.Description).AppendLine();
        if (_runs.Meta?.Parameters is { Count: > 0 } parameters)
        {
            md.AppendLine("Parameters: " + string.Join(", ", parameters.Select(p => $"`{p.Key}` = `{MarkdownText.Json(p.Value)}`")) + ".").AppendLine();
        }

        var runs = results.Servers.SelectMany(server => _runs.Points.SelectMany(point => _runs.Runs(server.Id, point))).ToArray();
        foreach (var run in runs)
        {
            if (runs.Length > 1)
            {
                // One run per point is the rule; a directory that holds more gets a heading per run.
                md.AppendLine($"### {NumberFormat.Integer(run.Point)} connections, run {run.Repeat}").AppendLine();
            }

            WriteRun(md, run.Result.Soak!);
        }

        foreach (var chart in charts)
        {
            md.AppendLine($"![{chart.Title}]({MarkdownText.RelativeLink(documentPath, chart.Path)})").AppendLine();
            md.AppendLine($"*{chart.Caption}*").AppendLine();
        }
    }

    private static void WriteRun(StringBuilder md, SoakResult soak)
    {
        md.AppendLine($"**Verdict: {Verdict(soak)}**").AppendLine();

        md.AppendLine("| | |").AppendLine("|---|--:|");
        Row(md, "connections held (target)", Count(soak.Target));
        if (soak.Transports is { Count: > 0 } transports)
        {
            Row(md, "of which WebSocket / polling / polling upgraded to WebSocket",
                $"{Count(transports.GetValueOrDefault("websocket"))} / {Count(transports.GetValueOrDefault("polling"))} / {Count(transports.GetValueOrDefault("upgrade"))}");
        }

        Row(md, "established by the ramp / failed", $"{Count(soak.Established)} / {Count(soak.Failed)}");
        Row(md, "ramp (s)", Plain(soak.RampSeconds));
        Row(md, "soak (churn and jobs) / warm-up left out of the verdict (s)", $"{Plain(soak.DurationSeconds)} / {Plain(soak.WarmupSeconds)}");
        Row(md, "open at the end / fewest open at a sample of the measured window", $"{Count(soak.OpenAtEnd)} / {Count(soak.OpenMin)}");
        Row(md, "dropped by the server", Count(soak.Dropped));
        Row(md, $"churn cycles (close, reconnect; {Plain(soak.ChurnPerSecond)}/s asked) / reconnects failed", $"{Count(soak.ChurnCycles)} / {Count(soak.ChurnFailed)}");
        Row(md, $"jobs started ({Plain(soak.JobsPerSecond)}/s asked) / posted (202)", $"{Count(soak.JobsStarted)} / {Count(soak.JobsPosted)}");
        Row(md, "jobs completed once on their socket / failed / lost / duplicated",
            $"{Count(soak.JobsCompleted)} / {Count(soak.JobsFailed)} / {Count(soak.JobsLost)} / {Count(soak.JobsDuplicated)}");
        Row(md, "job latency, POST → `scriptResult`, p50 / p99 / max (ms)",
            $"{Number(soak.JobLatencyMs?.P50)} / {Number(soak.JobLatencyMs?.P99)} / {Number(soak.JobLatencyMs?.Max)}");
        Row(md, "samples (interval)", $"{Count(soak.Samples?.Count)} ({Plain(soak.SampleIntervalSeconds)} s)");
        md.AppendLine();

        if (soak.Flatness is { Count: > 0 } flatness)
        {
            md.AppendLine("| series (measured window) | thirds by | first third | last third | change | fitted slope per hour | fitted rise over the window | tolerance | verdict |");
            md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|---|");
            foreach (var f in flatness)
            {
                var unit = f.Unit is null or "" || f.Unit == f.Metric ? "" : $" ({f.Unit})";
                md.AppendLine($"| {f.Metric}{unit}{(f.Judged ? "" : ", not judged")} | {f.Statistic} | {Number(f.FirstThird)} | {Number(f.LastThird)} | "
                    + $"{Percent(f.ChangePercent)} | {Signed(f.SlopePerHour)} | {Percent(f.RisePercent)} | ±{Plain(f.TolerancePercent)} % | {f.Verdict} |");
            }

            md.AppendLine();
        }

        if (soak.HeapSource is { Length: > 0 } heapSource)
        {
            md.AppendLine($"The heap figures: {MarkdownText.Cell(heapSource)}.").AppendLine();
        }

        if (soak.Errors is { Count: > 0 } errors)
        {
            md.AppendLine("Errors the driver reported: " + string.Join("; ", errors.Select(e => $"`{MarkdownText.Cell(e.Message)}` ×{NumberFormat.Integer(e.Count)}")) + ".").AppendLine();
        }
    }

    private static string Verdict(SoakResult soak)
    {
        var growing = soak.Flatness?.Where(f => f.Judged && f.Verdict is not ("flat" or "shrinking")).Select(f => $"{f.Metric} {f.Verdict}").ToArray() ?? [];
        var flat = soak.Flat == true
            ? "RSS, descriptors and the managed heap are flat after the warm-up"
            : $"not flat ({(growing.Length > 0 ? string.Join(", ", growing) : "no flatness figures")})";
        var lost = soak.NothingLost == true
            ? "nothing was lost (no drop, no failed connect, every job's result exactly once)"
            : "something was lost (see the counts)";
        return $"{flat}; {lost}.";
    }

    private static void Row(StringBuilder md, string name, string value) => md.AppendLine($"| {name} | {value} |");

    private static string Count(long? value) => value is { } v ? NumberFormat.Integer(v) : "—";

    private static string Number(double? value) => value is { } v ? NumberFormat.Value(v, ValueKind.Milliseconds) : "—";

    /// <summary>Settings and durations: as given, without padding zeros.</summary>
    private static string Plain(double? value) => value is { } v ? v.ToString("#,0.##", _culture) : "—";

    private static string Percent(double? value) => value is { } v ? v.ToString("+0.0;-0.0;0.0", _culture) + " %" : "—";

    private static string Signed(double? value) => value is { } v ? v.ToString("+#,0.0;-#,0.0;0", _culture) : "—";
}
