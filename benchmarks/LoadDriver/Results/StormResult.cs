namespace LoadDriver.Results;

/// <summary>The reconnect storm: what the cut clients got back, and when (milliseconds from the cut).</summary>
internal sealed class StormResult
{
    /// <summary>Connections asked for, established, failed on the first connect; members: those joined to the room,
    /// which are cut and reconnect; recoverable: members whose first CONNECT answer had a <c>pid</c>.</summary>
    public int Target { get; set; }

    public int Established { get; set; }

    public int Failed { get; set; }

    public int Members { get; set; }

    public int Recoverable { get; set; }

    /// <summary>Messages emitted in all, before the cut, and not acknowledged to the control connection in time.</summary>
    public int Messages { get; set; }

    public int MessagesBeforeCut { get; set; }

    public int Unacked { get; set; }

    public double IntervalMs { get; set; }

    /// <summary>Members whose reconnect was answered; of those, recovered (same sid and pid) and not; members that never
    /// got an answer in their attempts.</summary>
    public int Reconnected { get; set; }

    public int Recovered { get; set; }

    public int NotRecovered { get; set; }

    public int ReconnectFailed { get; set; }

    /// <summary>Cut → the last recovered member's CONNECT answer (null if none recovered); per member; and each
    /// member's successful attempt alone (TCP connect → CONNECT answer).</summary>
    public double? LastRecoveredMs { get; set; }

    public LatencySummary RecoverMs { get; set; } = new();

    public LatencySummary ReconnectHandshakeMs { get; set; } = new();

    /// <summary>Packets the recovered members missed (emitted before their CONNECT answer, not received before the
    /// cut) and how many of those they then received.</summary>
    public long MissedExpected { get; set; }

    public long MissedDelivered { get; set; }

    /// <summary>Cut → the arrival of the last missed packet at any member (null unless every missed packet arrived); per
    /// member that missed something and got all of it.</summary>
    public double? LastMissedDeliveredMs { get; set; }

    public LatencySummary MissedCompleteMs { get; set; } = new();

    /// <summary>Messages of the stream never received by a recovered member (should be 0) and by the others; second
    /// deliveries of a message to a member; deliveries with a lower seq than one the member already had.</summary>
    public long Lost { get; set; }

    public long LostNotRecovered { get; set; }

    public long Duplicated { get; set; }

    public long OutOfOrder { get; set; }

    /// <summary>Connections the server ended (before the cut, or after the reconnect).</summary>
    public int Dropped { get; set; }

    public List<ErrorCount> Errors { get; set; } = [];
}
