namespace ScriptService.Jobs;

/// <summary>At start, has the queue give the workers again the jobs a previous run accepted but did not finish.</summary>
internal sealed class JobRecoveryService(IJobQueue queue) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => queue.RecoverAsync(stoppingToken);
}
