using LoadDriver.Stats;

namespace LoadDriver.Results;

/// <summary>p50 / p99 / max in milliseconds.</summary>
internal sealed class LatencySummary
{
    public double P50 { get; set; }

    public double P99 { get; set; }

    public double Max { get; set; }

    public static LatencySummary Of(ReadOnlySpan<int> sortedMicros) => new()
    {
        P50 = Percentiles.Ms(sortedMicros, 50),
        P99 = Percentiles.Ms(sortedMicros, 99),
        Max = Percentiles.Max(sortedMicros),
    };
}
