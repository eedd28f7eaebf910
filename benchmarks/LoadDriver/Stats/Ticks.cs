using System.Diagnostics;

namespace LoadDriver.Stats;

/// <summary>
/// Stopwatch timestamps. On Linux they are CLOCK_MONOTONIC, so the coordinator and its workers compare them directly.
/// </summary>
internal static class Ticks
{
    private static readonly double _microsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long Now => Stopwatch.GetTimestamp();

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    public static double ToSeconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    public static int ToMicros(long ticks) =>
        ticks <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Round(ticks * _microsPerTick));
}
