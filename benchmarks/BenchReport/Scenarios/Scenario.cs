using BenchReport.Input;

namespace BenchReport.Scenarios;

/// <summary>A LoadDriver mode as the report presents it.</summary>
/// <param name="Id">The mode, which is also the folder of its result files and its key in meta.json.</param>
/// <param name="Title">The section heading.</param>
/// <param name="PointName">What a point counts (the table's first column).</param>
/// <param name="Description">What one run does and what the numbers mean (markdown).</param>
/// <param name="HasSection">Whether a result file holds this mode's section.</param>
/// <param name="Metrics">The table's rows for each point, in order.</param>
/// <param name="Errors">The distinct errors a result lists, if the mode reports them by message.</param>
internal sealed record Scenario(
    string Id,
    string Title,
    string PointName,
    string Description,
    Func<LoadResult, bool> HasSection,
    IReadOnlyList<Metric> Metrics,
    Func<LoadResult, IReadOnlyList<ErrorCount>?>? Errors = null);
