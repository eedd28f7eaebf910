using Microsoft.Extensions.Options;

namespace ScriptService.Jobs;

/// <summary>
/// The workers: each takes jobs from the queue until the host stops. Draining happens in the host's stopping phase,
/// before any hosted service stops (Kestrel included), so that while running jobs finish, the server still answers:
/// POSTs with 503, sockets with their results.
/// </summary>
/// <remarks>
/// A worker outlives anything a job does: <see cref="JobRunner"/> waits out store failures, and a job that fails in
/// any other way is logged and left unfinished in the store while its worker takes the next one. A worker that ends
/// all the same, other than by the host stopping, is logged and replaced after <see cref="ReplaceDelay"/>, so that
/// the service never runs on with fewer workers than it was given without saying so.
/// </remarks>
internal sealed partial class JobWorkerService(
    IJobQueue queue,
    JobRunner runner,
    ServiceState state,
    IOptions<ScriptServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<JobWorkerService> logger)
    : BackgroundService, IHostedLifecycleService
{
    /// <summary>How long a worker that died waits before its replacement starts: a fault that repeats must not spin.</summary>
    internal static readonly TimeSpan ReplaceDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _drain = new();
    private Task? _workers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _drain.Token);
        var workers = new Task[options.Value.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = SuperviseAsync(i + 1, stopping.Token);
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

    /// <summary>Runs worker <paramref name="worker"/> until the host stops, replacing it whenever it ends before.</summary>
    private async Task SuperviseAsync(int worker, CancellationToken stopping)
    {
        // Off the host's start-up path: the first await may complete synchronously.
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await WorkAsync(worker, stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WorkerDied(logger, worker, ReplaceDelay, ex);
            }

            try
            {
                await Task.Delay(ReplaceDelay, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes jobs until the host stops; returns only then.</summary>
    private async Task WorkAsync(int worker, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            JobLease lease;
            try
            {
                lease = await queue.TakeAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            bool done;
            try
            {
                done = await runner.RunAsync(lease.Key, stopping);
            }
            catch (Exception ex)
            {
                // Left unfinished and not completed in the queue: it runs again (at the next start, or elsewhere).
                Log.JobRunFailed(logger, worker, lease.Key.JobId, ex);
                continue;
            }

            if (done)
            {
                // Not cancelled by the stopping: the outcome is stored, and the queue must hear of it.
                await queue.CompleteAsync(lease, CancellationToken.None);
            }
        }
    }
}
