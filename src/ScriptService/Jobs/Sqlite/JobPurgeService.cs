using Microsoft.Extensions.Options;

namespace ScriptService.Jobs.Sqlite;

/// <summary>
/// Deletes finished jobs once they are older than <see cref="JobStoreOptions.ResultRetention"/>: once at start, then
/// every <see cref="JobStoreOptions.PurgeInterval"/>. A failed purge is logged and retried at the next tick.
/// </summary>
internal sealed partial class JobPurgeService : BackgroundService
{
    private readonly IJobStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _interval;

    public JobPurgeService(IJobStore store, IOptions<JobStoreOptions> options, TimeProvider timeProvider, ILogger<JobPurgeService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _retention = options.Value.ResultRetention;
        _interval = options.Value.PurgeInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(_retention, TimeSpan.Zero, "options.ResultRetention");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, "options.PurgeInterval");

        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Created before the first purge, so that a tick due while it runs is not lost.
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            do
            {
                await PurgeAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        var olderThan = _timeProvider.GetUtcNow() - _retention;
        try
        {
            var purged = await _store.PurgeFinishedAsync(olderThan, stoppingToken);
            if (purged > 0)
            {
                Log.Purged(_logger, purged, olderThan);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A full disk or a locked file should not stop the host: the next tick tries again.
            Log.PurgeFailed(_logger, olderThan, ex);
        }
    }
}
