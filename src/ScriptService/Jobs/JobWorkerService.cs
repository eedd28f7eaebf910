using Microsoft.Extensions.Options;

namespace ScriptService.Jobs;

/// <summary>
/// The workers: each takes jobs from the queue until the host stops. Draining happens in the host's stopping phase,
/// before any hosted service stops (Kestrel included), so that while running jobs finish, the server still answers:
/// POSTs with 503, sockets with their results.
/// </summary>
internal sealed class JobWorkerService(JobQueue queue, JobRunner runner, ServiceState state, IOptions<ScriptServiceOptions> options)
    : BackgroundService, IHostedLifecycleService
{
    private readonly CancellationTokenSource _drain = new();
    private Task? _workers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _drain.Token);
        var workers = new Task[Math.Max(1, options.Value.Workers)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync(stopping.Token);
        }

        _workers = Task.WhenAll(workers).ContinueWith(static (_, state) => ((IDisposable)state!).Dispose(), stopping, TaskScheduler.Default);
        return _workers;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host runs this before ApplicationStopping fires: refuse new work from here, then let running jobs take
        // ShutdownGrace (JobRunner) while jobs not started stay queued in the store.
        state.BeginDraining();
        await _drain.CancelAsync();
        if (_workers is { } workers)
        {
            await workers.WaitAsync(cancellationToken);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
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
