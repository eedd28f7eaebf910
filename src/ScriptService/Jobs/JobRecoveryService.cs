namespace ScriptService.Jobs;

/// <summary>At start, queues again the jobs a previous run accepted but did not finish.</summary>
internal sealed partial class JobRecoveryService(IJobStore store, JobQueue queue, ILogger<JobRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = await store.GetUnfinishedAsync(stoppingToken);
        if (unfinished.Count == 0)
        {
            return;
        }

        Log.JobsResumed(logger, unfinished.Count);
        foreach (var job in unfinished)
        {
            // More jobs than slots may be waiting: take slots as workers free them.
            await queue.ReserveAsync(stoppingToken);
            queue.Enqueue(new QueuedJob(job.Key, null));
        }
    }
}
