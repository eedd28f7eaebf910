namespace ScriptService.Jobs;

/// <summary>The outcome of storing a new job.</summary>
internal enum JobCreateOutcome
{
    /// <summary>Stored durably; the job may be queued.</summary>
    Created,

    /// <summary>A job with this id exists with the same request: the post is idempotent.</summary>
    Duplicate,

    /// <summary>A job with this id exists with a different request.</summary>
    Conflict,
}

/// <summary>
/// Durable job storage. Every write is durable when its task completes (a job acknowledged with 202 survives a crash).
/// All members are safe to call concurrently.
/// </summary>
internal interface IJobStore
{
    /// <summary>Stores a new job in state Queued, unless the id exists (then compares the request JSON).</summary>
    Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(string jobId, string? ownerId, string requestJson, CancellationToken cancellationToken);

    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken);

    Task MarkRunningAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Stores the outcome (Succeeded or Failed) with its <c>scriptResult</c> payload.</summary>
    Task CompleteAsync(string jobId, JobState state, string resultJson, CancellationToken cancellationToken);

    /// <summary>Jobs left Queued or Running (by a crash or a stop), oldest first, to queue again at start.</summary>
    Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Deletes finished jobs last updated before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
