namespace ScriptService.Generation;

/// <summary>A generator's report of where it is: a named stage and an overall percentage (0-100).</summary>
public readonly record struct GenerationProgress(string Stage, int Percent);
