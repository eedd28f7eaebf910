namespace LoadDriver.Results;

internal sealed class BroadcastResult
{
    public int Connections { get; set; }

    public int Messages { get; set; }

    public long Missing { get; set; }

    public long Duplicated { get; set; }

    public LatencySummary CompletionMs { get; set; } = new();

    public LatencySummary DeliveryMs { get; set; } = new();

    public List<MessageCompletion> PerMessage { get; set; } = [];
}
