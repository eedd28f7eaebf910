namespace ScriptService.Jobs;

/// <summary>A job a worker took from the <see cref="IJobQueue"/>, to hand back with <see cref="IJobQueue.CompleteAsync"/>.</summary>
/// <param name="Key">The job.</param>
/// <param name="Token">The queue's own handle of the delivery (a distributed queue's entry id); null for the in-process queue.</param>
internal readonly record struct JobLease(JobKey Key, string? Token = null);
