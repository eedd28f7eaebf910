using BenchReport.Input;

namespace BenchReport.Scenarios;

/// <summary>One row kind of a scenario's table: a value read from each result, null where the driver has none.</summary>
internal sealed record Metric(string Name, ValueKind Kind, Better Better, Func<LoadResult, double?> Select);
