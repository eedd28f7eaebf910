namespace LoadDriver.Results;

/// <summary>
/// The cluster mode: N connections spread over several server processes sharing one adapter, their memory summed
/// over the processes, the cluster's own view of them (count, servers), and broadcasts from one server to all of them.
/// </summary>
internal sealed class ClusterResult
{
    public int Target { get; set; }

    public int Established { get; set; }

    public int Failed { get; set; }

    /// <summary>Connections whose <c>join</c> was acknowledged: the room's members.</summary>
    public int Joined { get; set; }

    /// <summary>Established connections the servers (or the network) ended before the driver closed them.</summary>
    public int Dropped { get; set; }

    /// <summary>From starting the workers to every worker's members joined (worker start-up included).</summary>
    public double RampSeconds { get; set; }

    /// <summary>The first server's <c>servers</c> answer: the other servers' process ids, or null without an answer.</summary>
    public List<string>? OtherServers { get; set; }

    /// <summary>The room's size as the cluster counts it (<c>count</c>, through fetchSockets on every node) after
    /// the join and at the end; null without an answer, -1 when the server reported a failure.</summary>
    public int? CountAfterJoin { get; set; }

    public int? CountAtEnd { get; set; }

    public List<ClusterServerResult> Servers { get; set; } = [];

    /// <summary>Summed over the servers; null when a server's RSS could not be read.</summary>
    public long? RssBeforeBytes { get; set; }

    public long? RssAfterSettleBytes { get; set; }

    public long? RssEndBytes { get; set; }

    /// <summary>(summed RSS − summed RSS before) / established.</summary>
    public double? BytesPerConnectionSettle { get; set; }

    public double? BytesPerConnectionEnd { get; set; }

    public List<ErrorCount> Errors { get; set; } = [];

    /// <summary>The broadcasts, emitted through the first server (<c>broadcast</c> → <c>tick</c> to the room).</summary>
    public BroadcastResult Broadcast { get; set; } = new();
}
