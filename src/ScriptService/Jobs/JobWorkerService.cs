using Microsoft.Extensions.Options;

namespace ScriptService.Jobs;

/// <summary>The workers: each takes jobs from the queue until the host stops.</summary>
internal sealed class JobWorkerService(JobQueue queue, JobRunner runner, IOptions<ScriptServiceOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new Task[Math.Max(1, options.Value.Workers)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync(stoppingToken);
        }

        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first await may complete synchronously.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            string jobId;
            try
            {
                jobId = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await runner.RunAsync(jobId, stoppingToken);
        }
    }
}
