using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>
/// How jobs reach the workers: a POST reserves room, stores the job, then queues it; a worker takes a job, runs it,
/// and completes it once its outcome is stored. A job taken but never completed (its worker's process stopped or
/// died) is given to a worker again: by <see cref="RecoverAsync"/> at the next start for a queue that lives in the
/// process, by another node once the job's node has gone silent for a distributed one.
/// </summary>
internal interface IJobQueue
{
    /// <summary>Jobs waiting for a worker, as far as this node knows (a gauge).</summary>
    int Depth { get; }

    /// <summary>
    /// Takes room for a job about to be stored: false when the queue is full (the POST answers 503 before it stores
    /// anything). The caller then calls <see cref="EnqueueAsync"/> once the job is stored, or <see cref="Release"/>.
    /// </summary>
    ValueTask<bool> TryReserveAsync(CancellationToken cancellationToken);

    /// <summary>Gives back a reservation whose job was not stored (or was stored by another request).</summary>
    void Release();

    /// <summary>
    /// Queues a stored job whose room is reserved. <paramref name="request"/> is the request as stored: a queue in the
    /// process hands it to the worker (<see cref="JobLease.Request"/>); a distributed one drops it, since the job may
    /// run on another node, which reads it from the store.
    /// </summary>
    ValueTask EnqueueAsync(JobKey key, ScriptRequest request, CancellationToken cancellationToken);

    /// <summary>The next job for a worker; waits until there is one.</summary>
    ValueTask<JobLease> TakeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The job needs no more running: its outcome is stored, or it was found finished or gone. The queue forgets it
    /// (a distributed queue acknowledges it). Until then the lease is the worker's, however long the outcome waits for
    /// its commit: a distributed queue keeps renewing it.
    /// </summary>
    ValueTask CompleteAsync(JobLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Lets go of a job whose run faulted (an exception, not the job's own failure, which is an outcome): the job stays
    /// unfinished in the store, and the worker stops holding it. A distributed queue stops renewing its lease, so that
    /// any node (this one included) takes it over after its stale time and runs it again. The queue in the process does
    /// not queue it again at once, since a fault that repeats would spin: the job runs again at the next start
    /// (<see cref="RecoverAsync"/>). Neither bounds the tries of a job that faults every time.
    /// </summary>
    void Abandon(JobLease lease);

    /// <summary>At start: queues again the jobs that were accepted but not finished.</summary>
    Task RecoverAsync(CancellationToken cancellationToken);
}
