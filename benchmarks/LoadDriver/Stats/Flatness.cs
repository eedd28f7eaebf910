using LoadDriver.Results;

namespace LoadDriver.Stats;

/// <summary>
/// Judges whether a series stayed level over the measured window (after the warm-up, to the end of the soak) in two
/// ways that fail differently: the last third of the window against its first third (a step, or growth late in the
/// run), and the least-squares line through the points (a steady creep that noise hides between two thirds). The
/// series is <c>growing</c> when either rises by more than the tolerance, <c>shrinking</c> when either falls by more
/// and neither rises, <c>flat</c> otherwise. See <see cref="FlatnessStatistic"/> for how a third is summed up.
/// </summary>
internal static class Flatness
{
    public const string NoData = "no data";

    /// <summary>Two a third: fewer say nothing about a trend. Points taken after full GCs are rarer, and each is
    /// exact, so one a third (the first and the last) will do for them.</summary>
    private const int MinPoints = 6;
    private const int MinPointsAfterFullGc = 3;

    public static FlatnessResult Judge(
        string metric,
        string unit,
        bool judged,
        double tolerancePercent,
        double windowStart,
        double windowEnd,
        IReadOnlyList<(double Seconds, double Value)> points,
        FlatnessStatistic statistic)
    {
        var result = new FlatnessResult
        {
            Metric = metric,
            Unit = unit,
            Judged = judged,
            TolerancePercent = tolerancePercent,
            Samples = points.Count,
            Statistic = statistic switch
            {
                FlatnessStatistic.MeanAfterFullGc => "mean after full GCs",
                FlatnessStatistic.Minimum => "minimum",
                _ => "mean",
            },
        };
        var third = (windowEnd - windowStart) / 3;
        var thirds = new[]
        {
            points.Where(p => p.Seconds <= windowStart + third).ToArray(),
            points.Where(p => p.Seconds > windowStart + third && p.Seconds < windowEnd - third).ToArray(),
            points.Where(p => p.Seconds >= windowEnd - third).ToArray(),
        };
        var minPoints = statistic == FlatnessStatistic.MeanAfterFullGc ? MinPointsAfterFullGc : MinPoints;
        if (points.Count < minPoints || thirds[0].Length == 0 || thirds[2].Length == 0)
        {
            result.Verdict = NoData;
            return result;
        }

        double first, last, mean, slope;
        if (statistic == FlatnessStatistic.Minimum)
        {
            var minima = thirds.Where(t => t.Length > 0).Select(t => t.MinBy(p => p.Value)).ToArray();
            (first, last, mean, slope) = (minima[0].Value, minima[^1].Value, Mean(minima), Slope(minima));
        }
        else
        {
            (first, last, mean, slope) = (Mean(thirds[0]), Mean(thirds[2]), Mean(points), Slope(points));
        }

        var change = first > 0 ? (last - first) / first * 100 : 0;
        var rise = mean > 0 ? slope * (windowEnd - windowStart) / mean * 100 : 0;
        result.FirstThird = Math.Round(first, 1);
        result.LastThird = Math.Round(last, 1);
        result.SlopePerHour = Math.Round(slope * 3600, 1);
        result.ChangePercent = Math.Round(change, 2);
        result.RisePercent = Math.Round(rise, 2);
        result.Verdict = change > tolerancePercent || rise > tolerancePercent ? "growing"
            : change < -tolerancePercent || rise < -tolerancePercent ? "shrinking"
            : "flat";
        return result;
    }

    private static double Mean(IReadOnlyList<(double Seconds, double Value)> points)
    {
        double sum = 0;
        foreach (var (_, value) in points)
        {
            sum += value;
        }

        return points.Count == 0 ? 0 : sum / points.Count;
    }

    /// <summary>Least-squares slope, value per second; 0 for a single point.</summary>
    private static double Slope(IReadOnlyList<(double Seconds, double Value)> points)
    {
        double meanT = 0, meanV = 0;
        foreach (var (t, v) in points)
        {
            meanT += t;
            meanV += v;
        }

        meanT /= points.Count;
        meanV /= points.Count;
        double covariance = 0, variance = 0;
        foreach (var (t, v) in points)
        {
            covariance += (t - meanT) * (v - meanV);
            variance += (t - meanT) * (t - meanT);
        }

        return variance > 0 ? covariance / variance : 0;
    }
}
