namespace EngineIo.Memory;

/// <summary>
/// What the GC reports at one moment: bytes allocated since the process started and the bytes the heap holds now,
/// and, as of the last collection, the heap's committed bytes and the bytes its objects took.
/// </summary>
internal readonly record struct HeapSample(TimeSpan Time, long AllocatedBytes, long CommittedBytes, long InUseBytes, long HeapBytes)
{
    public static HeapSample Read(TimeSpan time)
    {
        var info = GC.GetGCMemoryInfo();
        return new HeapSample(
            time,
            GC.GetTotalAllocatedBytes(precise: false),
            info.TotalCommittedBytes,
            info.HeapSizeBytes - info.FragmentedBytes,
            GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>
    /// What a compaction would give back, at most: the memory committed now (at least what the last collection left
    /// committed, and at least what the heap holds since) beyond what the last collection found in use. A burst that
    /// ends between two collections leaves its memory in what was allocated since the last one, which the last
    /// collection's own figures do not show yet.
    /// </summary>
    public long ReclaimableBytes => Math.Max(0, Math.Max(CommittedBytes, HeapBytes) - InUseBytes);
}
