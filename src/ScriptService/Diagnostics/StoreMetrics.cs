using System.Diagnostics.Metrics;

namespace ScriptService.Diagnostics;

/// <summary>The job store's instruments, on the service's meter (<see cref="ServiceMetrics.MeterName"/>).</summary>
/// <remarks>
/// Apart from <see cref="ServiceMetrics"/> because the store is built without the rest of the service (in its tests, and
/// by anything that opens a database on its own); without a meter factory it makes a meter of its own.
/// </remarks>
internal sealed class StoreMetrics : IDisposable
{
    public const string BatchSizeName = "scriptservice.store.batch_size";

    /// <summary>Powers of two: batch sizes spread over orders of magnitude, from a lone write to a full queue.</summary>
    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private readonly Meter? _ownMeter;
    private readonly Histogram<int> _batchSize;

    public StoreMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(ServiceMetrics.MeterName) ?? (_ownMeter = new Meter(ServiceMetrics.MeterName));
        _batchSize = meter.CreateHistogram(
            BatchSizeName,
            "{write}",
            "Writes committed together in one transaction, with one fsync.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
    }

    public void BatchCommitted(int writes) => _batchSize.Record(writes);

    public void Dispose() => _ownMeter?.Dispose();
}
