namespace LoadDriver.Results;

internal sealed class EchoLatency
{
    public double P50 { get; set; }

    public double P90 { get; set; }

    public double P99 { get; set; }

    public double P999 { get; set; }

    public double Max { get; set; }
}
