namespace LoadDriver.Workers;

/// <summary>Coordinator → worker, one JSON line each.</summary>
internal sealed class WorkerCommand
{
    public const string StartKind = "start";
    public const string HoldKind = "hold";
    public const string GoKind = "go";
    public const string RoundKind = "round";
    public const string CollectKind = "collect";
    public const string CutKind = "cut";
    public const string StopKind = "stop";

    public string Kind { get; set; } = "";

    public WorkerStart? Start { get; set; }

    public int Round { get; set; }

    /// <summary>Stopwatch timestamps: the echo window [start, end], the broadcast t0 of each message, or the storm's cut
    /// followed by the t0 of each message.</summary>
    public long[]? Ticks { get; set; }

    public static WorkerCommand Of(string kind) => new() { Kind = kind };
}
