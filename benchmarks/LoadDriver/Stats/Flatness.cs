using LoadDriver.Results;

namespace LoadDriver.Stats;

/// <summary>
/// Judges whether a series stayed level over the measured window (after the warm-up, to the end of the soak) in two
/// ways that fail differently: the mean of the window's last third against the mean of its first third (a step, or
/// growth late in the run), and the least-squares line through every sample (a steady creep that noise hides
/// between two means). The series is <c>growing</c> when either rises by more than the tolerance, <c>shrinking</c>
/// when either falls by more and neither rises, <c>flat</c> otherwise.
/// </summary>
internal static class Flatness
{
    /// <summary>Two per third at least: fewer say nothing about a trend.</summary>
    private const int MinSamples = 6;

    public static FlatnessResult Judge(
        string metric, string unit, bool judged, double tolerancePercent, IReadOnlyList<(double Seconds, double Value)> window)
    {
        var result = new FlatnessResult { Metric = metric, Unit = unit, Judged = judged, TolerancePercent = tolerancePercent, Samples = window.Count };
        if (window.Count < MinSamples)
        {
            result.Verdict = "no data";
            return result;
        }

        var start = window[0].Seconds;
        var length = window[^1].Seconds - start;
        var first = Mean(window.Where(s => s.Seconds <= start + (length / 3)));
        var last = Mean(window.Where(s => s.Seconds >= start + (2 * length / 3)));
        var mean = Mean(window);
        var slope = Slope(window);
        result.FirstThirdMean = Math.Round(first, 1);
        result.LastThirdMean = Math.Round(last, 1);
        result.SlopePerHour = Math.Round(slope * 3600, 1);
        var change = first > 0 ? (last - first) / first * 100 : 0;
        var rise = mean > 0 ? slope * length / mean * 100 : 0;
        result.ChangePercent = Math.Round(change, 2);
        result.RisePercent = Math.Round(rise, 2);
        result.Verdict = change > tolerancePercent || rise > tolerancePercent ? "growing"
            : change < -tolerancePercent || rise < -tolerancePercent ? "shrinking"
            : "flat";
        return result;
    }

    private static double Mean(IEnumerable<(double Seconds, double Value)> samples)
    {
        double sum = 0;
        var count = 0;
        foreach (var (_, value) in samples)
        {
            sum += value;
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Least-squares slope, value per second.</summary>
    private static double Slope(IReadOnlyList<(double Seconds, double Value)> samples)
    {
        double meanT = 0, meanV = 0;
        foreach (var (t, v) in samples)
        {
            meanT += t;
            meanV += v;
        }

        meanT /= samples.Count;
        meanV /= samples.Count;
        double covariance = 0, variance = 0;
        foreach (var (t, v) in samples)
        {
            covariance += (t - meanT) * (v - meanV);
            variance += (t - meanT) * (t - meanT);
        }

        return variance > 0 ? covariance / variance : 0;
    }
}
