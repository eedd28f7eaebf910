namespace LoadDriver.Results;

internal sealed class DensityResult
{
    public int Target { get; set; }

    public int Established { get; set; }

    public int Failed { get; set; }

    public int Dropped { get; set; }

    public List<ErrorCount> Errors { get; set; } = [];

    public double ConnectSeconds { get; set; }

    public double ConnectRate { get; set; }

    public LatencySummary HandshakeMs { get; set; } = new();

    public long? RssBeforeBytes { get; set; }

    public long? RssAfterSettleBytes { get; set; }

    public long? RssEndBytes { get; set; }

    public double? BytesPerConnectionSettle { get; set; }

    public double? BytesPerConnectionEnd { get; set; }

    public long PingsAnswered { get; set; }

    public List<DensitySample> Samples { get; set; } = [];
}
