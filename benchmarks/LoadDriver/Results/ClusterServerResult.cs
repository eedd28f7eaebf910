namespace LoadDriver.Results;

/// <summary>One server process of a cluster run: where it listened and its RSS at the three readings.</summary>
internal sealed class ClusterServerResult
{
    public string Url { get; set; } = "";

    public int? Pid { get; set; }

    public long? RssBeforeBytes { get; set; }

    public long? RssAfterSettleBytes { get; set; }

    public long? RssEndBytes { get; set; }
}
