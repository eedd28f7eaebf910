namespace LoadDriver.Results;

internal sealed class SoakResult
{
    public int Target { get; set; }

    public double DurationSeconds { get; set; }

    public double WarmupSeconds { get; set; }

    public double SampleIntervalSeconds { get; set; }

    public double ChurnPerSecond { get; set; }

    public double JobsPerSecond { get; set; }

    /// <summary>Connections per transport: <c>websocket</c>, <c>polling</c>, <c>upgrade</c> (polling, then WebSocket).</summary>
    public Dictionary<string, int> Transports { get; set; } = [];

    /// <summary>Connections opened and acknowledged by the ramp; <see cref="Failed"/> did not make it.</summary>
    public int Established { get; set; }

    public int Failed { get; set; }

    public double RampSeconds { get; set; }

    /// <summary>The fewest connections open at a sample of the measured window (a few are always reconnecting).</summary>
    public int? OpenMin { get; set; }

    /// <summary>Connections open when the soak ended.</summary>
    public int OpenAtEnd { get; set; }

    /// <summary>Connections the server (or the network) ended; the driver never counts its own closes.</summary>
    public long Dropped { get; set; }

    public long ChurnCycles { get; set; }

    public long ChurnFailed { get; set; }

    public long JobsStarted { get; set; }

    public long JobsPosted { get; set; }

    public long JobsCompleted { get; set; }

    public long JobsFailed { get; set; }

    public long JobsLost { get; set; }

    public long JobsDuplicated { get; set; }

    /// <summary>POST → the job's <c>scriptResult</c>.</summary>
    public LatencySummary JobLatencyMs { get; set; } = new();

    public List<ErrorCount> Errors { get; set; } = [];

    /// <summary>When the ramp ended and churn and jobs began, since the driver started.</summary>
    public double SoakStartSeconds { get; set; }

    /// <summary>When the warm-up ended: the verdict is over [this, <see cref="SoakEndSeconds"/>].</summary>
    public double MeasureStartSeconds { get; set; }

    public double SoakEndSeconds { get; set; }

    /// <summary>Where the heap figures come from, or why there are none.</summary>
    public string HeapSource { get; set; } = "";

    public List<SoakSample> Samples { get; set; } = [];

    public List<FlatnessResult> Flatness { get; set; } = [];

    /// <summary>No judged series grew beyond its tolerance, and RSS, descriptors and the heap were all measured.</summary>
    public bool Flat { get; set; }

    /// <summary>Every connection held (none dropped, no failed connect or reconnect) and every job completed once.</summary>
    public bool NothingLost { get; set; }
}
