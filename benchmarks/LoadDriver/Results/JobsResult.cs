namespace LoadDriver.Results;

internal sealed class JobsResult
{
    public int Clients { get; set; }

    public int Rounds { get; set; }

    public long Jobs { get; set; }

    public long Failed { get; set; }

    public long Duplicated { get; set; }

    public double JobsPerSecond { get; set; }

    public LatencySummary LatencyMs { get; set; } = new();
}
