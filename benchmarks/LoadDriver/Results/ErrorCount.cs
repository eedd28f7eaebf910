namespace LoadDriver.Results;

internal sealed class ErrorCount
{
    public string Message { get; set; } = "";

    public long Count { get; set; }
}
