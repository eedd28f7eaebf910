namespace BenchReport.Scenarios;

/// <summary>How a metric's values are printed.</summary>
internal enum ValueKind
{
    Kibibytes,
    Milliseconds,
    PerSecond,
    Count,
}
