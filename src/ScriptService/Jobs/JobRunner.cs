using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>
/// Runs one job: marks it running, generates with progress reports, stores the outcome, then publishes it
/// (<see cref="IJobEvents"/>). A job interrupted by shutdown is left as it is, to resume at the next start.
/// </summary>
/// <remarks>
/// The store's calls go through <see cref="StoreRetry"/>: a job whose state cannot be stored (a full disk) waits and
/// is tried again until the store works, and a result already generated is kept for that, not generated again.
/// They give up only when the host stops (after <see cref="ScriptServiceOptions.ShutdownGrace"/>), and the job then
/// resumes at the next start. Nothing a job does ends its worker: the generator's failures fail the job, and a
/// publication that fails leaves the stored result to be replayed.
/// </remarks>
internal sealed partial class JobRunner(
    IJobStore store,
    StoreRetry retry,
    IScriptGenerator generator,
    IJobEvents events,
    IOptions<ScriptServiceOptions> options,
    TimeProvider timeProvider,
    ServiceMetrics metrics,
    ILogger<JobRunner> logger)
{
    private readonly ScriptServiceOptions _options = options.Value;

    /// <summary>
    /// Runs the job; true when it needs no more running (its outcome is stored, or it was found finished or gone),
    /// false when the host's stopping interrupted it (it stays unfinished, to be run again).
    /// </summary>
    /// <param name="key">The job.</param>
    /// <param name="request">
    /// Its request as the POST that stored it parsed it (<see cref="JobLease.Request"/>); null to read the job from
    /// the store (a job resumed at start, or taken from a distributed queue).
    /// </param>
    /// <param name="stopping">The host stopping: the job gets <see cref="ScriptServiceOptions.ShutdownGrace"/> from then.</param>
    /// <param name="generated">
    /// Called once the job no longer needs the generator (it has generated, failed, or was found finished), before
    /// its outcome is stored and published: its worker can then take the next job while this one waits for its commit.
    /// Not called when the job ends otherwise (interrupted, or an exception).
    /// </param>
    public async Task<bool> RunAsync(JobKey key, ScriptRequest? request, CancellationToken stopping, Action? generated = null)
    {
        // The job's own deadline; and, once the host stops, a grace period for it to finish and store its outcome.
        using var deadline = new CancellationTokenSource(_options.JobTimeout, timeProvider);
        using var graceOver = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var stoppingRegistration = stopping.Register(static state =>
        {
            var (deadline, graceOver, grace) = ((CancellationTokenSource, CancellationTokenSource, TimeSpan))state!;
            try
            {
                deadline.CancelAfter(grace);
                graceOver.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
            }
        }, (deadline, graceOver, _options.ShutdownGrace));

        try
        {
            await RunCoreAsync(key, request, generated, deadline.Token, graceOver.Token, stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Log.JobInterrupted(logger, key.JobId);
            return false;
        }
    }

    private async Task RunCoreAsync(
        JobKey key,
        ScriptRequest? request,
        Action? generated,
        CancellationToken deadline,
        CancellationToken graceOver,
        CancellationToken stopping)
    {
        // A job its POST just stored and queued in this process is Queued with this request: only the others are read.
        request ??= await ReadRequestAsync(key, graceOver);
        if (request is null)
        {
            generated?.Invoke();
            return;
        }

        // Queued for the writer, not awaited: the generator runs while the commit happens, and the outcome is queued
        // after it without waiting for it either, so that a generated job waits for one commit, not for two in a row.
        // The store takes writes in the order they come (the SQLite writer's queue, the Redis connection), so the mark
        // is committed before the outcome or with it. A mark that comes late all the same (it failed, and was tried
        // again after the outcome was stored) changes nothing, as only an unfinished job is marked; and its tries end
        // once the outcome is stored.
        using var markingOver = CancellationTokenSource.CreateLinkedTokenSource(graceOver);
        var marking = retry.RunAsync(key, "marking the job running", () => store.MarkRunningAsync(key, CancellationToken.None), markingOver.Token);
        try
        {
            await GenerateAndFinishAsync(key, request, marking, generated, deadline, graceOver, stopping);
        }
        finally
        {
            await markingOver.CancelAsync();

            // A job that ends early (interrupted by shutdown), or whose outcome is stored, does not await its marking:
            // its failure, if any, is observed here instead of surfacing as an unobserved task exception.
            _ = marking.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Reads a job's request from the store; null if the job is gone or finished, or if its stored request is
    /// unreadable (the job is then stored as failed).
    /// </summary>
    private async Task<ScriptRequest?> ReadRequestAsync(JobKey key, CancellationToken graceOver)
    {
        var job = await retry.RunAsync(key, "reading the job", () => store.GetAsync(key, CancellationToken.None), graceOver);
        if (job is null || job.State is JobState.Succeeded or JobState.Failed)
        {
            return null;
        }

        ScriptRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(job.RequestJson, JobsJsonContext.Default.ScriptRequest);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            Log.JobUnreadable(logger, key.JobId);
            await FinishAsync(key, null, "The stored request could not be read.", TimeSpan.Zero, graceOver);
        }

        return request;
    }

    private async Task GenerateAndFinishAsync(
        JobKey key,
        ScriptRequest request,
        Task marking,
        Action? generated,
        CancellationToken deadline,
        CancellationToken graceOver,
        CancellationToken stopping)
    {
        var progress = new ProgressReporter(key, events, _options.ProgressLinger, timeProvider, logger);
        try
        {
            await GenerateAndFinishCoreAsync(key, request, marking, generated, progress, deadline, graceOver, stopping);
        }
        finally
        {
            // Whatever became of the job (interrupted, or its outcome stored elsewhere), the stages it reported are true:
            // they go out now rather than when their linger ends. After a published outcome this does nothing.
            progress.Close();
        }
    }

    private async Task GenerateAndFinishCoreAsync(
        JobKey key,
        ScriptRequest request,
        Task marking,
        Action? generated,
        ProgressReporter progress,
        CancellationToken deadline,
        CancellationToken graceOver,
        CancellationToken stopping)
    {
        var started = timeProvider.GetTimestamp();

        JobScript? data = null;
        string? error = null;
        try
        {
            var script = await generator.GenerateAsync(request, progress, deadline);
            data = new JobScript(Guid.CreateVersion7().ToString(), request.Topic, script.Title, script.Description, new ScriptText(script.Script));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Interrupted by shutdown (RunAsync logs it): left as it is, to resume at the next start.
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            error = "The script took too long to generate.";
        }
        catch (ScriptGenerationException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex)
        {
            // The details stay in the log; the client gets a message safe to show.
            Log.JobCrashed(logger, key.JobId, ex);
            error = "The script could not be generated.";
        }

        // Outside the catch blocks: storing may wait for the store to work again, and must not hold an exception.
        var duration = timeProvider.GetElapsedTime(started);
        generated?.Invoke();
        if (marking.IsFaulted)
        {
            // The mark failed in a way no retry mends (a store failure is still being tried, and is not a fault): the
            // job is left unfinished, as one that failed while it generated, rather than given an outcome.
            await marking;
        }

        await FinishAsync(key, data, error, duration, graceOver, progress);
    }

    /// <summary>Stores the outcome, then publishes the job's progress still held (<paramref name="progress"/>) and the outcome.</summary>
    private async Task FinishAsync(JobKey key, JobScript? data, string? error, TimeSpan duration, CancellationToken graceOver, ProgressReporter? progress = null)
    {
        var result = new JobResult(data, error, timeProvider.GetUtcNow());
        var json = JobResultJson.SerializeToUtf8(result);

        // Stored before it is published: a client that registers later, or reconnects, gets it by replay.
        var state = data is null ? JobState.Failed : JobState.Succeeded;
        var stored = await retry.RunAsync(key, "storing the result", () => store.CompleteUtf8Async(key, state, json, CancellationToken.None), graceOver);
        if (!stored)
        {
            // Finished already, by another node that took the job over: that outcome is the job's, and was published.
            Log.OutcomeDropped(logger, key.JobId);
            return;
        }

        // The stages first: a client gets the report at 100 before the result, in the same write when they were held.
        progress?.Close();
        metrics.Finished(data is not null, duration);
        Log.JobFinished(logger, key.JobId, data is null ? 500 : 201, (long)duration.TotalMilliseconds);
        try
        {
            await events.CompletedAsync(key, result);
        }
        catch (Exception ex)
        {
            // The result is stored: a client that registers again gets it by replay.
            Log.DeliveryFailed(logger, key.JobId, ex);
        }
    }

    /// <summary>
    /// Publishes a generator's stages as the job's progress, each within <see cref="ScriptServiceOptions.ProgressLinger"/>
    /// of its report: the reports made meanwhile, and the job's result if it is stored meanwhile, go out together. A
    /// generator that reports its stages in quick succession, as the offline one does in microseconds, would otherwise
    /// cost every client a write and a wake-up per stage, and another for the result a commit later. Every report is
    /// published, in the order made.
    /// </summary>
    private sealed class ProgressReporter(JobKey key, IJobEvents events, TimeSpan linger, TimeProvider timeProvider, ILogger logger)
        : IProgress<GenerationProgress>
    {
        private readonly Lock _lock = new();
        private List<JobProgress>? _held;
        private ITimer? _linger;
        private bool _closed;

        public void Report(GenerationProgress value)
        {
            var progress = new JobProgress(value.Stage, Math.Clamp(value.Percent, 0, 100), timeProvider.GetUtcNow());
            lock (_lock)
            {
                if (_closed)
                {
                    // The job's outcome is published: a generator that goes on reporting after it (one that ignored its
                    // cancellation) has no one left to tell.
                    return;
                }

                if (linger <= TimeSpan.Zero)
                {
                    Publish(progress);
                    return;
                }

                (_held ??= new List<JobProgress>(4)).Add(progress);
                _linger ??= timeProvider.CreateTimer(static state => ((ProgressReporter)state!).Flush(), this, linger, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Publishes the reports held, if any, and takes no more: the job's outcome goes out next, after them.</summary>
        public void Close()
        {
            lock (_lock)
            {
                _closed = true;
                FlushLocked();
            }
        }

        private void Flush()
        {
            lock (_lock)
            {
                FlushLocked();
            }
        }

        private void FlushLocked()
        {
            Debug.Assert(_lock.IsHeldByCurrentThread, "Reports are published under the lock, so that they go out in the order made.");
            _linger?.Dispose();
            _linger = null;
            if (_held is not { Count: > 0 } held)
            {
                return;
            }

            foreach (var progress in held)
            {
                Publish(progress);
            }

            held.Clear();
        }

        /// <summary>Publishes one report; never throws, as it runs on the linger's timer and in the job's finally too.</summary>
        private void Publish(JobProgress progress)
        {
            ValueTask sending;
            try
            {
                sending = events.ProgressAsync(key, progress);
            }
            catch (Exception ex)
            {
                Log.DeliveryFailed(logger, key.JobId, ex);
                return;
            }

            if (!sending.IsCompletedSuccessfully)
            {
                _ = ObserveAsync(sending, key.JobId, logger);
            }
        }

        private static async Task ObserveAsync(ValueTask sending, string jobId, ILogger logger)
        {
            try
            {
                await sending;
            }
            catch (Exception ex)
            {
                Log.DeliveryFailed(logger, jobId, ex);
            }
        }
    }
}
