using BenchReport.Input;
using BenchReport.Scenarios;

namespace BenchReport.Charts;

/// <summary>Draws every chart the results allow, and removes a chart of an earlier report that this one cannot draw.</summary>
internal static class ChartWriter
{
    public static Dictionary<string, IReadOnlyList<ChartFile>> WriteAll(ResultSet results, string directory, List<string> problems)
    {
        Directory.CreateDirectory(directory);
        var charts = new Dictionary<string, IReadOnlyList<ChartFile>>(StringComparer.Ordinal);
        Add(charts, ScenarioCatalog.Density, MemoryChart.Write(results, directory, problems), directory, MemoryChart.FileName);
        Add(charts, ScenarioCatalog.Echo, LatencyChart.Write(results, directory, problems), directory, LatencyChart.FileName);
        Add(charts, ScenarioCatalog.Broadcast, BroadcastChart.Write(results, directory, problems), directory, BroadcastChart.FileName);
        Add(charts, ScenarioCatalog.Soak, SoakChart.Write(results, directory, problems), directory, SoakChart.FileName);
        return charts;
    }

    private static void Add(Dictionary<string, IReadOnlyList<ChartFile>> charts, Scenario scenario, ChartFile? chart, string directory, string fileName)
    {
        if (chart is not null)
        {
            charts[scenario.Id] = [chart];
            return;
        }

        // A stale picture next to a report that no longer shows it would pass for this run's.
        File.Delete(Path.Combine(directory, fileName));
    }
}
