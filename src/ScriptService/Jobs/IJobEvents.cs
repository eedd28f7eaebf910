namespace ScriptService.Jobs;

/// <summary>
/// What the jobs tell the rest of the service: their progress and their outcomes. Jobs publishes through it on the
/// node that runs the job; the subscriber (Realtime) takes them to the job's registered sockets, on every node.
/// </summary>
/// <remarks>
/// Jobs neither knows nor waits for who listens: a failure of the subscriber is logged and leaves the stored result
/// to be replayed. A job may be completed twice (a job taken over after its node stopped), so the subscriber sends
/// each result at most once per socket.
/// </remarks>
internal interface IJobEvents
{
    /// <summary>A running job's progress. Its worker reports one at a time, in order.</summary>
    ValueTask ProgressAsync(JobKey key, JobProgress progress);

    /// <summary>A job's outcome, once it is stored.</summary>
    Task CompletedAsync(JobKey key, JobResult result);
}
