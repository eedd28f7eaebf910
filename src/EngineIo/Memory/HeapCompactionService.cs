using EngineIo.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngineIo.Memory;

/// <summary>
/// Samples the heap on a timer and compacts it, returning free memory to the operating system, when
/// <see cref="HeapCompactionPolicy"/> says so. One per process.
/// </summary>
/// <remarks>
/// The compaction is a blocking full collection: every connection waits for it (the pause grows with the heap, so
/// with the connections held), once after a burst instead of holding the burst's memory for as long as the
/// connections last.
/// </remarks>
internal sealed partial class HeapCompactionService(
    IOptions<EngineIoHeapCompactionOptions> options, EngineIoMetrics metrics, TimeProvider timeProvider, ILogger<HeapCompactionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new HeapCompactionPolicy(options.Value);
        var start = timeProvider.GetTimestamp();
        using var timer = new PeriodicTimer(policy.SampleInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (policy.ShouldCompact(HeapSample.Read(timeProvider.GetElapsedTime(start))))
                {
                    Compact();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Compact()
    {
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = timeProvider.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = timeProvider.GetElapsedTime(started);
        var reclaimed = Math.Max(0, before - GC.GetGCMemoryInfo().TotalCommittedBytes);
        metrics.HeapCompacted(pause, reclaimed);
        Log.Compacted(logger, reclaimed / (1024 * 1024), pause.TotalMilliseconds);
    }
}
