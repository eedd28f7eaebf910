using Microsoft.Extensions.Options;

namespace ScriptService.Jobs;

/// <summary>
/// The workers: each takes jobs from the queue until the host stops. Draining happens in the host's stopping phase,
/// before any hosted service stops (Kestrel included), so that while running jobs finish, the server still answers:
/// POSTs with 503, sockets with their results.
/// </summary>
/// <remarks>
/// A worker outlives anything a job does: <see cref="JobRunner"/> waits out store failures, and a job that fails in
/// any other way is logged, left unfinished in the store and let go of in the queue (<see cref="IJobQueue.Abandon"/>)
/// while its worker takes the next one. A worker that ends
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

    /// <summary>
    /// A worker's jobs that may wait for their outcome to be stored at once. It bounds the memory they hold (each its
    /// result) and the leases the node holds for them, while letting the store commit many outcomes together: when
    /// commits are slow (a busy disk), a smaller bound makes the workers wait for the disk with the generator idle.
    /// </summary>
    internal const int FinishingPerWorker = 256;

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

    /// <summary>
    /// Takes jobs until the host stops; returns only then, once every job it started has ended. A worker generates one
    /// job at a time, and takes the next as soon as the generator is done with the last: storing and publishing a
    /// job's outcome waits for a commit, which the jobs that wait together share (the store groups them), so up to
    /// <see cref="FinishingPerWorker"/> of its jobs may be waiting for theirs meanwhile, each holding its lease until
    /// its outcome is stored.
    /// </summary>
    private async Task WorkAsync(int worker, CancellationToken stopping)
    {
        var finishing = new List<Task>(FinishingPerWorker);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                finishing.RemoveAll(static task => task.IsCompleted);
                if (finishing.Count >= FinishingPerWorker)
                {
                    await Task.WhenAny(finishing);
                    continue;
                }

                JobLease lease;
                try
                {
                    lease = await queue.TakeAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                var generated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                finishing.Add(RunJobAsync(worker, lease, generated, stopping));
                await generated.Task;
            }
        }
        finally
        {
            // The jobs still storing their outcome finish (or are interrupted by the host stopping) before the worker
            // ends: the queue hands back what is still leased only after the workers have ended.
            await Task.WhenAll(finishing);
        }
    }

    /// <summary>
    /// Runs one job and completes its lease once its outcome is stored; never throws. <paramref name="generated"/> is
    /// completed once the worker may take the next job.
    /// </summary>
    private async Task RunJobAsync(int worker, JobLease lease, TaskCompletionSource generated, CancellationToken stopping)
    {
        try
        {
            bool done;
            try
            {
                done = await runner.RunAsync(lease.Key, lease.Request, stopping, () => generated.TrySetResult());
            }
            catch (Exception ex)
            {
                // Left unfinished in the store, and let go of in the queue (not completed): it runs again, at the next
                // start or, with a distributed queue, on whichever node takes it over once its lease lapses.
                Log.JobRunFailed(logger, worker, lease.Key.JobId, ex);
                queue.Abandon(lease);
                return;
            }

            if (done)
            {
                // Not cancelled by the stopping: the outcome is stored, and the queue must hear of it.
                await queue.CompleteAsync(lease, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The queue could not be told (a distributed queue's fault, which it logs); the lease then lapses and the
            // job, found finished, is dropped by whoever takes it next.
            Log.CompleteFailed(logger, worker, lease.Key.JobId, ex);
        }
        finally
        {
            generated.TrySetResult();
        }
    }
}
