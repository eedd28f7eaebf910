namespace LoadDriver.Stats;

/// <summary>What sums up a third of the measured window, and which points the fitted line runs through.</summary>
internal enum FlatnessStatistic
{
    /// <summary>The third's mean; the line through every sample.</summary>
    Mean,

    /// <summary>The mean of the samples taken right after a full GC; the line through those samples.</summary>
    MeanAfterFullGc,

    /// <summary>The third's minimum (a saw-tooth's floor); the line through the three minima.</summary>
    Minimum,
}
