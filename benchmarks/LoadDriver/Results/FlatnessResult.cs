namespace LoadDriver.Results;

/// <summary>Whether one series of the soak stayed level after the warm-up (see <c>Stats.Flatness</c>).</summary>
internal sealed class FlatnessResult
{
    public string Metric { get; set; } = "";

    public string Unit { get; set; } = "";

    /// <summary>Part of the verdict; the thread count is shown but not judged.</summary>
    public bool Judged { get; set; }

    public double TolerancePercent { get; set; }

    public int Samples { get; set; }

    /// <summary>What the thirds are summed up by: <c>mean</c>, or <c>minimum</c> for a saw-tooth series (the floors).</summary>
    public string Statistic { get; set; } = "";

    /// <summary>The first third of the measured window (right after the warm-up), by <see cref="Statistic"/>.</summary>
    public double? FirstThird { get; set; }

    /// <summary>The last third of the measured window, by <see cref="Statistic"/>.</summary>
    public double? LastThird { get; set; }

    /// <summary>(last third − first third) / first third, in percent.</summary>
    public double? ChangePercent { get; set; }

    /// <summary>The least-squares line's slope over the measured window (through every sample, or through the thirds'
    /// minima), per hour, in the metric's unit.</summary>
    public double? SlopePerHour { get; set; }

    /// <summary>The line's rise over the measured window relative to the window's mean (or the minima's), in percent.</summary>
    public double? RisePercent { get; set; }

    /// <summary><c>flat</c>, <c>growing</c>, <c>shrinking</c>, or <c>no data</c>.</summary>
    public string Verdict { get; set; } = "";
}
