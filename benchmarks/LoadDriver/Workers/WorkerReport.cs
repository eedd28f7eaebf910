using LoadDriver.Results;

namespace LoadDriver.Workers;

/// <summary>Worker → coordinator, one JSON line each. Which members are set depends on the kind and the mode.</summary>
internal sealed class WorkerReport
{
    public const string ProgressKind = "progress";
    public const string ReadyKind = "ready";
    public const string DeliveredKind = "delivered";
    public const string RoundDoneKind = "roundDone";
    public const string ReconnectedKind = "reconnected";
    public const string ResultKind = "result";
    public const string FailedKind = "failed";
    public const string ExitedKind = "exited";

    public string Kind { get; set; } = "";

    public int Established { get; set; }

    public int Failed { get; set; }

    public int Dropped { get; set; }

    /// <summary>Connections ready for the mode's work: joined the room (broadcast), acknowledged (jobs).</summary>
    public int Ready { get; set; }

    public int Seq { get; set; }

    public long Pings { get; set; }

    public long Acks { get; set; }

    public long Delivered { get; set; }

    public long Duplicated { get; set; }

    /// <summary>Jobs mode: jobs accepted with 202 whose result never arrived.</summary>
    public long Lost { get; set; }

    public long ErrorTotal { get; set; }

    public List<ErrorCount>? Errors { get; set; }

    /// <summary>Raw latency samples in microseconds, merged exactly by the coordinator.</summary>
    public int[]? Samples { get; set; }

    /// <summary>Broadcast: the last arrival timestamp of each message in this worker (0 when none arrived).</summary>
    public long[]? LastArrivals { get; set; }

    /// <summary>Density: when the worker's ramp began and ended (Stopwatch timestamps).</summary>
    public long RampStartedAt { get; set; }

    public long RampEndedAt { get; set; }

    /// <summary>Soak: the worker's running totals.</summary>
    public Modes.Soak.SoakCounts? Soak { get; set; }

    /// <summary>Storm: the worker's counts and samples, in its final report.</summary>
    public Modes.Storm.StormCounts? Storm { get; set; }

    public string? Message { get; set; }
}
