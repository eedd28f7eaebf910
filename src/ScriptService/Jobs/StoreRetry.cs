using System.Data.Common;
using Microsoft.Extensions.Options;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Jobs;

/// <summary>
/// Tries a job's store operation until it succeeds or the caller gives up, waiting between tries with a bounded
/// exponential backoff (<see cref="JobStoreOptions.RetryInitialBackoff"/> doubling up to
/// <see cref="JobStoreOptions.RetryMaxBackoff"/>). A job whose state cannot be stored (a full disk) is neither lost nor
/// failed: its worker waits, without spinning, and goes on once the store works again.
/// </summary>
/// <remarks>
/// What is tried again is the store failing (a <see cref="DbException"/>, such as SQLite's "database or disk is full",
/// or an <see cref="IOException"/>), the same failures that make a POST answer 503 and readiness fail. Anything else
/// is a fault no wait mends: it goes to the caller, which gives up on the job rather than block its worker. The store
/// logs an outage with its exception, once; here the first failure of a job's operation is a Warning without the stack,
/// later ones are at Debug, and the recovery is logged once.
/// </remarks>
internal sealed partial class StoreRetry
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public StoreRetry(IOptions<JobStoreOptions> options, TimeProvider timeProvider, ILogger<StoreRetry> logger)
    {
        _initial = options.Value.RetryInitialBackoff;
        _max = options.Value.RetryMaxBackoff;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_initial, TimeSpan.Zero, "options.RetryInitialBackoff");
        ArgumentOutOfRangeException.ThrowIfLessThan(_max, _initial, "options.RetryMaxBackoff");
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds. The operation itself is not cancelled (a write is
    /// committed whole or not at all); <paramref name="giveUp"/> ends the waits between tries with an
    /// <see cref="OperationCanceledException"/>, leaving the job as the store last had it.
    /// </summary>
    /// <param name="key">The job, for the log.</param>
    /// <param name="what">The operation, for the log (e.g. "storing the result").</param>
    /// <param name="operation">The store call; a job's few calls make the closure's cost immaterial.</param>
    /// <param name="giveUp">Ends the retries (the host stopping, after its grace).</param>
    public async Task<TResult> RunAsync<TResult>(JobKey key, string what, Func<Task<TResult>> operation, CancellationToken giveUp)
    {
        var delay = _initial;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await operation();
                if (attempt > 1)
                {
                    Log.Recovered(_logger, key.JobId, what, attempt);
                }

                return result;
            }
            catch (Exception ex) when (ex is DbException or IOException)
            {
                if (attempt == 1)
                {
                    Log.Failed(_logger, key.JobId, what, delay, ex.Message);
                }
                else
                {
                    Log.FailedAgain(_logger, key.JobId, what, attempt, delay, ex.Message);
                }
            }

            await Task.Delay(delay, _timeProvider, giveUp);
            delay = delay >= _max / 2 ? _max : delay * 2;
        }
    }

    /// <inheritdoc cref="RunAsync{TResult}"/>
    public Task RunAsync(JobKey key, string what, Func<Task> operation, CancellationToken giveUp) =>
        RunAsync(key, what, async () =>
        {
            await operation();
            return true;
        }, giveUp);
}
