using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>A job waiting in <see cref="JobQueue"/> for a worker.</summary>
/// <param name="Key">The job.</param>
/// <param name="Request">
/// The request as the POST that stored the job parsed it, so that the worker need not read the job back from the store;
/// null for a job resumed at start, which the worker reads from the store.
/// </param>
internal readonly record struct QueuedJob(JobKey Key, ScriptRequest? Request);
