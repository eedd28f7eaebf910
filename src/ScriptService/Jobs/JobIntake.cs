using System.Text.Json;
using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>
/// Takes new jobs: stores one and queues it, unless its id is taken or the queue is full. A job is stored only once
/// the queue has room for it, and is queued only once it is stored, so that a 202 always means a stored job that will
/// run, and a refusal (503) stores nothing.
/// </summary>
internal sealed class JobIntake(IJobStore store, IJobQueue queue)
{
    /// <summary>
    /// Submits a job. Throws what the store throws when it cannot take the job (its reservation is given back).
    /// </summary>
    public async Task<JobSubmission> SubmitAsync(JobKey key, ScriptRequest request, CancellationToken cancellationToken)
    {
        var requestJson = JsonSerializer.Serialize(request, JobsJsonContext.Default.ScriptRequest);

        // No read first: the create itself finds a job already stored under the key (Duplicate, Conflict), in the
        // store's write. Only a full queue reads, so that a repost of a stored job is still answered as the first
        // time rather than refused.
        if (!await queue.TryReserveAsync(cancellationToken))
        {
            return await store.GetAsync(key, CancellationToken.None) is { } stored
                ? Existing(stored, requestJson)
                : new JobSubmission(JobSubmissionOutcome.QueueFull, null);
        }

        (JobCreateOutcome Outcome, JobRecord Job) created;
        try
        {
            created = await store.CreateAsync(key, requestJson, CancellationToken.None);
        }
        catch
        {
            queue.Release();
            throw;
        }

        if (created.Outcome != JobCreateOutcome.Created)
        {
            // Posted twice at once: the other request stored it.
            queue.Release();
            return Existing(created.Job, requestJson);
        }

        await queue.EnqueueAsync(key, request, CancellationToken.None);
        return new JobSubmission(JobSubmissionOutcome.Accepted, created.Job);
    }

    private static JobSubmission Existing(JobRecord job, string requestJson) =>
        new(job.RequestJson == requestJson ? JobSubmissionOutcome.Duplicate : JobSubmissionOutcome.Conflict, job);
}
