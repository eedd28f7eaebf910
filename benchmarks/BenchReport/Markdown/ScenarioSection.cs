using System.Text;
using BenchReport.Charts;
using BenchReport.Input;
using BenchReport.Scenarios;

namespace BenchReport.Markdown;

/// <summary>
/// One scenario's section: what it measures, the driver options, and one table whose rows are points × metrics and
/// whose columns are each server's median [min–max], with every other server's ratio to the baseline.
/// </summary>
internal sealed class ScenarioSection(ResultSet results, Scenario scenario, IReadOnlyList<ChartFile> charts, string documentPath)
{
    /// <summary>Ratios this close to 1 read as "≈ same".</summary>
    public const double SameWithin = 0.05;

    private readonly ScenarioRuns _runs = results.Scenario(scenario.Id);

    public void Write(StringBuilder md)
    {
        md.AppendLine($"## {scenario.Title}").AppendLine();
        if (!_runs.HasResults)
        {
            md.AppendLine(_runs.Meta is null
                ? "Not run: this run's meta.json does not list the scenario, and there are no result files for it."
                : $"Not run: meta.json lists the scenario, but `{scenario.Id}/` holds no result files.").AppendLine();
            return;
        }

        md.AppendLine(scenario.Description).AppendLine();
        WriteParameters(md);
        WriteTable(md);
        WriteErrors(md);
        foreach (var chart in charts)
        {
            md.AppendLine($"![{chart.Title}]({MarkdownText.RelativeLink(documentPath, chart.Path)})").AppendLine();
            md.AppendLine($"*{chart.Caption}*").AppendLine();
        }
    }

    private int PlannedRepeats => _runs.Meta?.Repeats ?? 1;

    private void WriteParameters(StringBuilder md)
    {
        var parts = new List<string>();
        if (_runs.Meta?.Repeats is { } repeats)
        {
            parts.Add($"{repeats} repeat{(repeats == 1 ? "" : "s")} per point and server");
        }

        if (_runs.Meta?.Parameters is { Count: > 0 } parameters)
        {
            parts.Add("driver options: " + string.Join(", ", parameters.Select(p => $"`{p.Key}` = `{MarkdownText.Json(p.Value)}`")));
        }

        if (parts.Count > 0)
        {
            var sentence = string.Join("; ", parts);
            md.AppendLine(string.Concat(sentence[..1].ToUpperInvariant(), sentence[1..], ".")).AppendLine();
        }
    }

    private void WriteTable(StringBuilder md)
    {
        var others = _runs.Servers.Where(s => s.Id != _runs.BaselineId).ToArray();
        var header = new StringBuilder($"| {scenario.PointName} | metric | {MarkdownText.Cell(ResultSet.LabelOf(_runs.Baseline))} |");
        var rule = new StringBuilder("|--:|---|--:|");
        foreach (var server in others)
        {
            header.Append($" {MarkdownText.Cell(ResultSet.LabelOf(server))} | `{server.Id}` ÷ `{_runs.BaselineId}` |");
            rule.Append("--:|---|");
        }

        md.AppendLine(header.ToString()).AppendLine(rule.ToString());
        foreach (var point in _runs.Points)
        {
            var first = true;
            foreach (var metric in scenario.Metrics)
            {
                var baseline = Summarize(_runs.BaselineId, point, metric, out var baselineCell);
                var row = new StringBuilder($"| {(first ? NumberFormat.Integer(point) : "")} | {metric.Name} | {baselineCell} |");
                foreach (var server in others)
                {
                    var value = Summarize(server.Id, point, metric, out var cell);
                    row.Append($" {cell} | {Reading(metric, value, baseline)} |");
                }

                md.AppendLine(row.ToString());
                first = false;
            }
        }

        md.AppendLine();
    }

    private Summary? Summarize(string serverId, long point, Metric metric, out string cell)
    {
        var runs = _runs.Runs(serverId, point);
        var summary = Summary.Of(runs.Select(r => metric.Select(r.Result)));
        cell = runs.Count == 0 ? "not run"
            : summary is { } s ? NumberFormat.Summary(s, metric.Kind, PlannedRepeats)
            : "—";
        return summary;
    }

    private static string Reading(Metric metric, Summary? value, Summary? baseline)
    {
        if (metric.Better == Better.NotCompared || value is not { } v || baseline is not { } b || b.Median == 0)
        {
            return "";
        }

        var ratio = v.Median / b.Median;
        if (Math.Abs(ratio - 1) <= SameWithin)
        {
            return $"{NumberFormat.Ratio(ratio)} ≈ same";
        }

        var better = ratio < 1 == (metric.Better == Better.Lower);
        return $"{NumberFormat.Ratio(ratio)} {(better ? "better" : "worse")}{(v.Overlaps(b) ? "*" : "")}";
    }

    /// <summary>The distinct errors of the runs, summed over repeats, per server and point.</summary>
    private void WriteErrors(StringBuilder md)
    {
        if (scenario.Errors is null)
        {
            return;
        }

        var lines = new List<string>();
        foreach (var server in _runs.Servers)
        {
            foreach (var point in _runs.Points)
            {
                var errors = _runs.Runs(server.Id, point)
                    .SelectMany(r => scenario.Errors(r.Result) ?? [])
                    .GroupBy(e => e.Message, StringComparer.Ordinal)
                    .Select(g => $"`{g.Key}` ×{NumberFormat.Integer(g.Sum(e => e.Count))}")
                    .ToArray();
                if (errors.Length > 0)
                {
                    lines.Add($"- {MarkdownText.Cell(ResultSet.LabelOf(server))}, {NumberFormat.Integer(point)} {scenario.PointName} (all repeats): {string.Join("; ", errors)}");
                }
            }
        }

        if (lines.Count > 0)
        {
            md.AppendLine("Errors the driver reported:").AppendLine();
            foreach (var line in lines)
            {
                md.AppendLine(line);
            }

            md.AppendLine();
        }
    }
}
