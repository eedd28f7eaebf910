using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Generation;
using ScriptService.Realtime;

namespace ScriptService.Jobs;

/// <summary>
/// Runs one job: marks it running, generates with progress reports, stores the outcome, then delivers
/// <c>scriptResult</c>. A job interrupted by shutdown is left as it is, to resume at the next start.
/// </summary>
internal sealed class JobRunner(
    IJobStore store,
    IScriptGenerator generator,
    ResultDelivery delivery,
    IOptions<ScriptServiceOptions> options,
    TimeProvider timeProvider,
    ServiceMetrics metrics,
    ILogger<JobRunner> logger)
{
    private readonly ScriptServiceOptions _options = options.Value;

    public async Task RunAsync(string jobId, CancellationToken stopping)
    {
        var job = await store.GetAsync(jobId, CancellationToken.None);
        if (job is null || job.State is JobState.Succeeded or JobState.Failed)
        {
            return;
        }

        ScriptRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(job.RequestJson, Realtime.ServiceJsonContext.Default.ScriptRequest);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            ServiceLog.JobUnreadable(logger, jobId);
            await FinishAsync(jobId, job.OwnerId, null, "The stored request could not be read.", TimeSpan.Zero);
            return;
        }

        await store.MarkRunningAsync(jobId, CancellationToken.None);
        var started = timeProvider.GetTimestamp();

        // The job's own deadline, and on shutdown a grace period for it to finish.
        using var deadline = new CancellationTokenSource(_options.JobTimeout, timeProvider);
        using var stoppingRegistration = stopping.Register(static state =>
        {
            var (source, grace) = ((CancellationTokenSource, TimeSpan))state!;
            try
            {
                source.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
            }
        }, (deadline, _options.ShutdownGrace));

        var progress = new ProgressReporter(jobId, delivery, timeProvider);
        try
        {
            var script = await generator.GenerateAsync(request, progress, deadline.Token);
            var data = new ScriptResultData(Guid.CreateVersion7().ToString(), request.Topic, script.Title, script.Description, script.Script, "completed");
            await FinishAsync(jobId, job.OwnerId, data, null, timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ServiceLog.JobInterrupted(logger, jobId);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await FinishAsync(jobId, job.OwnerId, null, "The script took too long to generate.", timeProvider.GetElapsedTime(started));
        }
        catch (ScriptGenerationException ex)
        {
            await FinishAsync(jobId, job.OwnerId, null, ex.Message, timeProvider.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            // The details stay in the log; the client gets a message safe to show.
            ServiceLog.JobCrashed(logger, jobId, ex);
            await FinishAsync(jobId, job.OwnerId, null, "The script could not be generated.", timeProvider.GetElapsedTime(started));
        }
    }

    private async Task FinishAsync(string jobId, string? ownerId, ScriptResultData? data, string? error, TimeSpan duration)
    {
        var status = data is null ? 500 : 201;
        var result = new ScriptResultMessage(jobId, status, data, error, timeProvider.GetUtcNow().UtcDateTime.ToString("O"));
        var json = JsonSerializer.Serialize(result, Realtime.ServiceJsonContext.Default.ScriptResultMessage);

        // Stored before it is sent: a client that registers later, or reconnects, gets it by replay.
        await store.CompleteAsync(jobId, data is null ? JobState.Failed : JobState.Succeeded, json, CancellationToken.None);
        metrics.Finished(data is not null, duration);
        ServiceLog.JobFinished(logger, jobId, status, (long)duration.TotalMilliseconds);
        await delivery.DeliverAsync(jobId, ownerId, result);
    }

    /// <summary>Forwards a generator's stages to the job's sockets as <c>scriptProgress</c>.</summary>
    private sealed class ProgressReporter(string jobId, ResultDelivery delivery, TimeProvider timeProvider) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value)
        {
            var message = new ScriptProgressMessage(jobId, value.Stage, Math.Clamp(value.Percent, 0, 100), timeProvider.GetUtcNow().UtcDateTime.ToString("O"));
            _ = delivery.ProgressAsync(message).AsTask();
        }
    }
}
