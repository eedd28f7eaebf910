namespace ScriptService.Jobs;

/// <summary>A running job's report of where it is.</summary>
/// <param name="Stage">The generator's stage name.</param>
/// <param name="Percent">Overall progress, 0-100.</param>
/// <param name="At">When it was reported.</param>
internal readonly record struct JobProgress(string Stage, int Percent, DateTimeOffset At);
