namespace LoadDriver.Stats;

/// <summary>Nearest-rank percentiles over sorted microsecond samples, reported in milliseconds.</summary>
internal static class Percentiles
{
    public static double Ms(ReadOnlySpan<int> sortedMicros, double percentile)
    {
        if (sortedMicros.IsEmpty)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedMicros.Length);
        var index = Math.Clamp(rank - 1, 0, sortedMicros.Length - 1);
        return ToMs(sortedMicros[index]);
    }

    public static double Max(ReadOnlySpan<int> sortedMicros) => sortedMicros.IsEmpty ? 0 : ToMs(sortedMicros[^1]);

    public static double ToMs(long micros) => Math.Round(micros / 1000.0, 3);
}
