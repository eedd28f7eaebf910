using System.Text.Json.Serialization;

namespace LoadDriver.Results;

/// <summary>The result file: the common fields and the section of the mode that ran.</summary>
internal sealed class RunResult
{
    public string Mode { get; set; } = "";

    public string Label { get; set; } = "";

    public string Url { get; set; } = "";

    public string StartedAt { get; set; } = "";

    public double DurationSeconds { get; set; }

    public RunParameters Parameters { get; set; } = new();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DensityResult? Density { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EchoResult? Echo { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BroadcastResult? Broadcast { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JobsResult? Jobs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SoakResult? Soak { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClusterResult? Cluster { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StormResult? Storm { get; set; }
}
