namespace LoadDriver.Results;

internal sealed class PercentilePoint
{
    public double Percentile { get; set; }

    public double Ms { get; set; }
}
