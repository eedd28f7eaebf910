namespace EngineIo.Memory;

/// <summary>
/// Decides from successive <see cref="HeapSample"/>s when a compaction pays: the heap holds enough free committed
/// memory, and the process has allocated so little for a whole quiet period that it would take a long while to use
/// that memory again. The same idea as V8's memory reducer, which shrinks Node's heap once allocation slows down.
/// </summary>
internal sealed class HeapCompactionPolicy
{
    /// <summary>A sample is quiet when its allocations would need this many samples to fill what a compaction frees.</summary>
    private const int QuietRatio = 16;

    /// <summary>
    /// A compaction must be expected to give back at least this fraction of the heap in use, as its pause grows with the
    /// heap. An eighth, not more: until the first full collection the heap's in-use figure counts every object of the burst
    /// that reached the oldest generation, dead or not, so a burst that left a large heap shows too little to give back.
    /// </summary>
    private const int InUseFraction = 8;

    private readonly TimeSpan _minimumInterval;
    private readonly long _minimumReclaimable;
    private readonly int _quietSamplesNeeded;

    private HeapSample? _previous;
    private TimeSpan? _lastCompaction;
    private int _quietSamples;

    public HeapCompactionPolicy(EngineIoHeapCompactionOptions options)
    {
        _minimumInterval = options.MinimumInterval;
        _minimumReclaimable = options.MinimumReclaimableBytes;
        SampleInterval = options.QuietPeriod / 2;
        _quietSamplesNeeded = 2;
    }

    public TimeSpan SampleInterval { get; }

    /// <summary>Takes the next sample; true when the heap should be compacted now.</summary>
    public bool ShouldCompact(HeapSample sample)
    {
        var previous = _previous;
        _previous = sample;
        var reclaimable = sample.ReclaimableBytes;
        if (previous is not { } last || reclaimable < Math.Max(_minimumReclaimable, sample.InUseBytes / InUseFraction))
        {
            _quietSamples = 0;
            return false;
        }

        var allocated = sample.AllocatedBytes - last.AllocatedBytes;
        _quietSamples = allocated <= reclaimable / QuietRatio ? _quietSamples + 1 : 0;
        if (_quietSamples < _quietSamplesNeeded || sample.Time - _lastCompaction < _minimumInterval)
        {
            return false;
        }

        _quietSamples = 0;
        _lastCompaction = sample.Time;
        return true;
    }
}
