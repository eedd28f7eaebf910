using System.Text.Json;

namespace BenchReport.Input;

/// <summary><c>meta.json</c>: what run.sh ran, where, and which servers and scenarios it compared.</summary>
/// <remarks>
/// <c>machine</c> and <c>versions</c> stay open key/value maps: the report prints the keys it knows in its own order,
/// then any others as they come, so a new field in run.sh needs no change here.
/// </remarks>
internal sealed record RunMeta(
    string? Command,
    string? StartedAt,
    string? FinishedAt,
    string? GitCommit,
    Dictionary<string, JsonElement>? Machine,
    Dictionary<string, JsonElement>? Versions,
    string? Baseline,
    IReadOnlyList<ServerInfo>? Servers,
    Dictionary<string, ScenarioMeta>? Scenarios,
    IReadOnlyList<EarlierRun>? Earlier = null);

/// <summary>A run whose results of some scenarios were carried into this one (run.sh runs only the scenarios asked for).</summary>
internal sealed record EarlierRun(string? Command, string? StartedAt, string? FinishedAt, string? GitCommit, IReadOnlyList<string> Scenarios);

/// <summary>One server process kind; <see cref="Id"/> prefixes its result files.</summary>
internal sealed record ServerInfo(string Id, string? Label);

/// <summary>
/// The points (connections or clients) a scenario ran at, how often each, and the driver options used; a scenario
/// that compares other server processes than the run's (the service as shipped, its Node twin) lists them and its
/// baseline here.
/// </summary>
internal sealed record ScenarioMeta(
    IReadOnlyList<long>? Points,
    int? Repeats,
    Dictionary<string, JsonElement>? Parameters,
    IReadOnlyList<ServerInfo>? Servers = null,
    string? Baseline = null);
