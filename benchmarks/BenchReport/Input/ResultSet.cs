using System.Text.Json;
using System.Text.RegularExpressions;
using BenchReport.Scenarios;

namespace BenchReport.Input;

/// <summary>
/// A results directory as run.sh writes it: <c>meta.json</c>, and <c>&lt;scenario&gt;/&lt;serverId&gt;-&lt;point&gt;-r&lt;rep&gt;.json</c>
/// per LoadDriver run. Files that cannot be used are skipped and listed in <see cref="Problems"/>, so the report says
/// what it left out instead of failing after a long run.
/// </summary>
internal sealed partial class ResultSet
{
    private readonly Dictionary<string, ScenarioRuns> _scenarios;

    private ResultSet(RunMeta meta, string baselineId, Dictionary<string, ScenarioRuns> scenarios, List<string> problems)
    {
        Meta = meta;
        BaselineId = baselineId;
        _scenarios = scenarios;
        Problems = problems;
    }

    public RunMeta Meta { get; }

    /// <summary>The servers in meta.json's order.</summary>
    public IReadOnlyList<ServerInfo> Servers => Meta.Servers!;

    public string BaselineId { get; }

    public ServerInfo Baseline => Servers.First(s => s.Id == BaselineId);

    public IReadOnlyList<string> Problems { get; }

    public ScenarioRuns Scenario(string id) => _scenarios[id];

    public static string LabelOf(ServerInfo server) => string.IsNullOrWhiteSpace(server.Label) ? server.Id : server.Label;

    /// <summary>Reads meta.json and every result file of the given scenarios.</summary>
    /// <exception cref="InvalidDataException">meta.json is missing, unreadable, or names no usable servers.</exception>
    public static ResultSet Load(string directory, IReadOnlyList<Scenario> scenarios)
    {
        var metaPath = Path.Combine(directory, "meta.json");
        if (!File.Exists(metaPath))
        {
            throw new InvalidDataException($"{metaPath} does not exist.");
        }

        RunMeta meta;
        try
        {
            meta = JsonSerializer.Deserialize(File.ReadAllBytes(metaPath), ReportJsonContext.Default.RunMeta)
                ?? throw new InvalidDataException($"{metaPath} is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{metaPath} is not valid: {ex.Message}", ex);
        }

        if (meta.Servers is not { Count: > 0 } servers || servers.Any(s => string.IsNullOrWhiteSpace(s.Id)))
        {
            throw new InvalidDataException($"{metaPath} must list the servers, each with an id.");
        }

        var baselineId = meta.Baseline ?? "node";
        if (!servers.Any(s => s.Id == baselineId))
        {
            throw new InvalidDataException($"{metaPath}: the baseline '{baselineId}' is not one of the servers.");
        }

        var problems = new List<string>();
        foreach (var unknown in (meta.Scenarios?.Keys ?? Enumerable.Empty<string>()).Except(scenarios.Select(s => s.Id)))
        {
            problems.Add($"meta.json lists scenario `{unknown}`, which this report does not know how to show.");
        }

        var runs = new Dictionary<string, ScenarioRuns>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            var scenarioMeta = meta.Scenarios?.GetValueOrDefault(scenario.Id);
            var scenarioServers = scenarioMeta?.Servers is { Count: > 0 } own ? own : servers;
            var scenarioBaseline = scenarioMeta?.Baseline ?? baselineId;
            if (scenarioServers.Any(s => string.IsNullOrWhiteSpace(s.Id)) || !scenarioServers.Any(s => s.Id == scenarioBaseline))
            {
                throw new InvalidDataException($"{metaPath}: scenario '{scenario.Id}' must list its servers with ids, its baseline '{scenarioBaseline}' among them.");
            }

            runs[scenario.Id] = new ScenarioRuns(scenario.Id, scenarioMeta, scenarioServers, scenarioBaseline,
                ReadRuns(Path.Combine(directory, scenario.Id), scenario, scenarioServers, problems));
        }

        return new ResultSet(meta, baselineId, runs, problems);
    }

    private static List<RunResult> ReadRuns(string folder, Scenario scenario, IReadOnlyList<ServerInfo> servers, List<string> problems)
    {
        var scenarioId = scenario.Id;
        var runs = new List<RunResult>();
        if (!Directory.Exists(folder))
        {
            return runs;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var match = ResultFileName().Match(name);
            if (!match.Success)
            {
                problems.Add($"`{scenarioId}/{name}`: not named `<serverId>-<point>-r<repeat>.json`; skipped.");
                continue;
            }

            var serverId = match.Groups["server"].Value;
            if (!servers.Any(s => s.Id == serverId))
            {
                problems.Add($"`{scenarioId}/{name}`: server '{serverId}' is not in meta.json; skipped.");
                continue;
            }

            LoadResult? result;
            try
            {
                result = JsonSerializer.Deserialize(File.ReadAllBytes(path), ReportJsonContext.Default.LoadResult);
            }
            catch (JsonException ex)
            {
                problems.Add($"`{scenarioId}/{name}`: not a valid result ({ex.Message}); skipped.");
                continue;
            }

            if (result is null || !scenario.HasSection(result))
            {
                problems.Add($"`{scenarioId}/{name}`: has no '{scenarioId}' section; skipped.");
                continue;
            }

            runs.Add(new RunResult(serverId, long.Parse(match.Groups["point"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups["repeat"].Value, System.Globalization.CultureInfo.InvariantCulture), name, result));
        }

        return runs;
    }

    // Server ids may contain '-' (e.g. "ours-dense"): the point and repeat are taken from the end.
    [GeneratedRegex(@"^(?<server>.+)-(?<point>\d{1,15})-r(?<repeat>\d{1,6})\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex ResultFileName();
}
