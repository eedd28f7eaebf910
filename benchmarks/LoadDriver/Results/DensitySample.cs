namespace LoadDriver.Results;

internal sealed class DensitySample
{
    public double Seconds { get; set; }

    /// <summary>Connections open at the sample: established so far minus those dropped.</summary>
    public int Connections { get; set; }

    public long? RssBytes { get; set; }
}
