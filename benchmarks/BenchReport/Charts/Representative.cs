using BenchReport.Input;

namespace BenchReport.Charts;

/// <summary>Which run a chart draws for a server: one real run, not an average of curves.</summary>
internal static class Representative
{
    /// <summary>
    /// Of the server's repeats at its largest point, the one whose <paramref name="key"/> is closest to the median of
    /// the repeats' keys (the lower repeat number on a tie, so with two repeats the first). Null if the server has
    /// no result.
    /// </summary>
    public static RunResult? Pick(ScenarioRuns runs, string serverId, Func<LoadResult, double?> key)
    {
        if (runs.LargestPoint(serverId) is not { } point)
        {
            return null;
        }

        var candidates = runs.Runs(serverId, point);
        var median = Scenarios.Summary.Of(candidates.Select(r => key(r.Result)))?.Median;
        return median is not { } m
            ? candidates[0]
            : candidates.OrderBy(r => key(r.Result) is { } k ? Math.Abs(k - m) : double.PositiveInfinity).ThenBy(r => r.Repeat).First();
    }
}
