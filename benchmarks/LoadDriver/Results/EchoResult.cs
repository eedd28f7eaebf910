namespace LoadDriver.Results;

internal sealed class EchoResult
{
    public int Connections { get; set; }

    public double MeasuredSeconds { get; set; }

    public long Acks { get; set; }

    public double AcksPerSecond { get; set; }

    public long Errors { get; set; }

    public EchoLatency LatencyMs { get; set; } = new();

    public List<PercentilePoint> Percentiles { get; set; } = [];
}
