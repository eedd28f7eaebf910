namespace ScriptService.Jobs;

/// <summary>What became of a submitted job.</summary>
internal enum JobSubmissionOutcome
{
    /// <summary>Stored and queued.</summary>
    Accepted,

    /// <summary>The caller has a job with this id and the same request: the submission is idempotent.</summary>
    Duplicate,

    /// <summary>The caller has a job with this id and a different request.</summary>
    Conflict,

    /// <summary>The queue has no room; nothing was stored.</summary>
    QueueFull,
}

/// <summary>The outcome of <see cref="JobIntake.SubmitAsync"/>, with the job as stored (none when the queue was full).</summary>
internal readonly record struct JobSubmission(JobSubmissionOutcome Outcome, JobRecord? Job);
