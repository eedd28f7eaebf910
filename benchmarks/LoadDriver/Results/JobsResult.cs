using System.Text.Json.Serialization;

namespace LoadDriver.Results;

internal sealed class JobsResult
{
    public int Clients { get; set; }

    public int Rounds { get; set; }

    public long Jobs { get; set; }

    public long Failed { get; set; }

    public long Duplicated { get; set; }

    /// <summary>Jobs accepted (202) whose <c>scriptResult</c> never arrived; part of <see cref="Failed"/>.</summary>
    public long Lost { get; set; }

    /// <summary>Whether every job succeeded once: none failed, lost or duplicated.</summary>
    [JsonIgnore]
    public bool Clean => Failed == 0 && Lost == 0 && Duplicated == 0;

    public double JobsPerSecond { get; set; }

    public LatencySummary LatencyMs { get; set; } = new();
}
