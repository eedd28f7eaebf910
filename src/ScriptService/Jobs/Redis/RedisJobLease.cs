namespace ScriptService.Jobs.Redis;

/// <summary>A job a worker of this node took from the shared queue: the job, and its entry in the stream.</summary>
/// <param name="Key">The job.</param>
/// <param name="EntryId">Its queue entry, which this node holds until the job's outcome is stored or it hands it back.</param>
/// <param name="TakenOver">Whether it was taken over from a node that stopped renewing it.</param>
internal sealed record RedisJobLease(JobKey Key, string EntryId, bool TakenOver);
