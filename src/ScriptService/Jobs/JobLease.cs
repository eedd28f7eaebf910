using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>A job a worker took from the <see cref="IJobQueue"/>, to hand back with <see cref="IJobQueue.CompleteAsync"/>.</summary>
/// <param name="Key">The job.</param>
/// <param name="Token">The queue's own handle of the delivery (a distributed queue's entry id); null for the in-process queue.</param>
/// <param name="Request">
/// The request as the POST that stored the job parsed it, so that the worker need not read the job back from the store.
/// Only a queue in the process can hand it over; null for a job resumed at start, or taken from a distributed queue
/// (another node may have stored it), which the worker reads from the store.
/// </param>
internal readonly record struct JobLease(JobKey Key, string? Token = null, ScriptRequest? Request = null);
