namespace LoadDriver.Modes.Soak;

/// <summary>A soak worker's running totals, as it reports them every second and at the end.</summary>
internal sealed class SoakCounts
{
    /// <summary>Connections open and acknowledged right now.</summary>
    public int Open { get; set; }

    /// <summary>Connections the server (or the network) ended; the churn reconnects their slots.</summary>
    public long Dropped { get; set; }

    /// <summary>Closes by the driver followed by a successful reconnect (connect and <c>connection_ack</c>).</summary>
    public long ChurnCycles { get; set; }

    /// <summary>Reconnects that failed; the slot is tried again on the churn's next round.</summary>
    public long ChurnFailed { get; set; }

    public long JobsStarted { get; set; }

    /// <summary>Jobs whose POST was answered 202.</summary>
    public long JobsPosted { get; set; }

    /// <summary>Jobs whose <c>scriptResult</c> (status 201) arrived on the socket that registered for them.</summary>
    public long JobsCompleted { get; set; }

    /// <summary>Jobs refused or failed: register not acknowledged, POST not 202, a result with another status.</summary>
    public long JobsFailed { get; set; }

    /// <summary>Jobs posted (202) whose result never came within the job timeout, or whose socket was dropped.</summary>
    public long JobsLost { get; set; }

    /// <summary>Second results for one job on one socket.</summary>
    public long JobsDuplicated { get; set; }
}
