namespace ScriptService.Jobs;

/// <summary>The outcome of storing a new job.</summary>
internal enum JobCreateOutcome
{
    /// <summary>Stored durably; the job may be queued.</summary>
    Created,

    /// <summary>The owner has a job with this id and the same request: the post is idempotent.</summary>
    Duplicate,

    /// <summary>The owner has a job with this id and a different request.</summary>
    Conflict,
}

/// <summary>
/// Durable job storage. Every write is durable when its task completes (a job acknowledged with 202 survives a crash).
/// Jobs are named by <see cref="JobKey"/>: an id is unique within its owner's jobs. All members are safe to call
/// concurrently.
/// </summary>
internal interface IJobStore
{
    /// <summary>Stores a new job in state Queued, unless the owner has one with this id (then compares the request JSON).</summary>
    Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken);

    Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an unfinished job to Running. A finished job stays as it is, so a mark that arrives after the job's
    /// outcome (tried again after a failure) changes nothing.
    /// </summary>
    Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the outcome (Succeeded or Failed) with its result, unless the job has one already. True when this call
    /// stored it (and only then is the outcome published): a job run twice, once taken over from a node that was only
    /// slow, keeps its first outcome, and the second completion changes nothing.
    /// </summary>
    Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="CompleteAsync"/>, with the result as UTF-8 JSON, the form it is serialized to: a store that keeps
    /// UTF-8 text overrides this to write it without a string in between (the script's text would be transcoded twice).
    /// </summary>
    Task<bool> CompleteUtf8Async(JobKey key, JobState state, byte[] resultJson, CancellationToken cancellationToken) =>
        CompleteAsync(key, state, System.Text.Encoding.UTF8.GetString(resultJson), cancellationToken);

    /// <summary>Jobs left Queued or Running (by a crash or a stop), oldest first, to queue again at start.</summary>
    Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Deletes finished jobs last updated before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the store can write, as its writes found it: the outcome of the last write if it is younger than
    /// <paramref name="maxAge"/>, otherwise that of a write made now which changes no job. A full disk, a read-only
    /// file or a lock held elsewhere make it false until a write succeeds again.
    /// </summary>
    ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken);
}
