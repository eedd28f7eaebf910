namespace EngineIo;

/// <summary>
/// When the heap is compacted after the process goes quiet (<c>AddEngineIoHeapCompaction</c>). A burst of
/// connections leaves the GC holding the memory the handshakes used long after they are garbage, because an idle
/// server allocates too little for the GC to run again; one compaction once the burst is over gives it back.
/// </summary>
public sealed class EngineIoHeapCompactionOptions
{
    /// <summary>
    /// How long the process must allocate little, compared with what a compaction would give back, before it
    /// compacts. Sampled twice per period. Default 10 seconds.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two compactions. Default 1 minute.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The least memory a compaction must be expected to give back, and never less than an eighth of the heap in
    /// use: a compaction's pause grows with the heap. Default 16 MiB.
    /// </summary>
    public long MinimumReclaimableBytes { get; set; } = 16L * 1024 * 1024;
}
