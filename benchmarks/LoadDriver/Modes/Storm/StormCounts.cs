namespace LoadDriver.Modes.Storm;

/// <summary>A worker's share of the storm's result (see <c>StormResult</c> for what each count means).</summary>
internal sealed class StormCounts
{
    public int Clients { get; set; }

    public int Recoverable { get; set; }

    public int Reconnected { get; set; }

    public int Recovered { get; set; }

    public int NotRecovered { get; set; }

    public int ReconnectFailed { get; set; }

    public long MissedExpected { get; set; }

    public long MissedDelivered { get; set; }

    public long Lost { get; set; }

    public long LostNotRecovered { get; set; }

    public long Duplicated { get; set; }

    public long OutOfOrder { get; set; }

    /// <summary>Stopwatch timestamps: the last recovered CONNECT answer, and the last missed packet's arrival (0: none).</summary>
    public long LastRecoveredAt { get; set; }

    public long LastMissedAt { get; set; }

    /// <summary>Per recovered client, microseconds: cut → CONNECT answer, attempt start → answer, cut → its last
    /// missed packet (clients that missed something and got all of it).</summary>
    public int[] RecoverMicros { get; set; } = [];

    public int[] HandshakeMicros { get; set; } = [];

    public int[] MissedCompleteMicros { get; set; } = [];
}
