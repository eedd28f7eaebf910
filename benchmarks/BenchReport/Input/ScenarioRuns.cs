namespace BenchReport.Input;

/// <summary>The result files of one scenario, by server and point.</summary>
internal sealed class ScenarioRuns(string id, ScenarioMeta? meta, IReadOnlyList<ServerInfo> servers, string baselineId, IReadOnlyList<RunResult> runs)
{
    public string Id { get; } = id;

    /// <summary>The servers this scenario compares, in order: its own when meta.json lists them, else the run's.</summary>
    public IReadOnlyList<ServerInfo> Servers { get; } = servers;

    /// <summary>The server the others are compared with.</summary>
    public string BaselineId { get; } = baselineId;

    public ServerInfo Baseline => Servers.First(s => s.Id == BaselineId);

    /// <summary>What meta.json says about the scenario; null when it does not list it.</summary>
    public ScenarioMeta? Meta { get; } = meta;

    public bool HasResults => runs.Count > 0;

    /// <summary>The points of meta.json and those found in file names, ascending.</summary>
    public IReadOnlyList<long> Points { get; } = [.. (meta?.Points ?? []).Concat(runs.Select(r => r.Point)).Distinct().Order()];

    /// <summary>The repeats of one server at one point, by repeat number.</summary>
    public IReadOnlyList<RunResult> Runs(string serverId, long point) =>
        [.. runs.Where(r => r.ServerId == serverId && r.Point == point).OrderBy(r => r.Repeat)];

    /// <summary>The largest point this server has a result for, if any.</summary>
    public long? LargestPoint(string serverId) =>
        runs.Where(r => r.ServerId == serverId).Select(r => (long?)r.Point).Max();
}
