namespace ScriptService.Jobs;

/// <summary>Where a job is in its life.</summary>
internal enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
