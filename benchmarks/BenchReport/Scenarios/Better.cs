namespace BenchReport.Scenarios;

/// <summary>Which way a metric improves, and so how its ratio to the baseline reads.</summary>
internal enum Better
{
    Lower,
    Higher,

    /// <summary>A count of failures or of connections made: shown for every server, with no ratio.</summary>
    NotCompared,
}
