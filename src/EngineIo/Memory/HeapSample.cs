namespace EngineIo.Memory;

/// <summary>
/// What the GC reports at one moment: bytes allocated since the process started, and the heap's committed and
/// in-use bytes as of the last collection.
/// </summary>
internal readonly record struct HeapSample(TimeSpan Time, long AllocatedBytes, long CommittedBytes, long InUseBytes)
{
    public static HeapSample Read(TimeSpan time)
    {
        var info = GC.GetGCMemoryInfo();
        return new HeapSample(time, GC.GetTotalAllocatedBytes(precise: false), info.TotalCommittedBytes, info.HeapSizeBytes - info.FragmentedBytes);
    }

    /// <summary>What a compaction would give back: committed memory that holds no object.</summary>
    public long ReclaimableBytes => Math.Max(0, CommittedBytes - InUseBytes);
}
