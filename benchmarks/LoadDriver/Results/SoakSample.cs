namespace LoadDriver.Results;

/// <summary>One reading of the server during a soak, and the driver's totals at that moment.</summary>
internal sealed class SoakSample
{
    /// <summary>Since the driver started (before the first connection).</summary>
    public double Seconds { get; set; }

    /// <summary><c>ramp</c> (connections opening), <c>soak</c> (churn and jobs running) or <c>drain</c> (the last
    /// jobs finishing).</summary>
    public string Phase { get; set; } = "";

    /// <summary>Connections open and acknowledged, as the workers last reported (every second).</summary>
    public int Connections { get; set; }

    public long? RssBytes { get; set; }

    public int? Descriptors { get; set; }

    public int? Threads { get; set; }

    /// <summary>The managed heap after the last GC: the sum of the generations' sizes (gen 0–2, LOH, POH) that the
    /// runtime's <c>System.Runtime</c> counters report; null before the first GC.</summary>
    public long? HeapBytes { get; set; }

    /// <summary>The managed heap now, garbage not yet collected included (<c>gc-heap-size</c>,
    /// <c>GC.GetTotalMemory(false)</c>): a saw-tooth between GCs.</summary>
    public long? GcHeapSizeBytes { get; set; }

    /// <summary>Gen 2 (full) GCs since the driver attached (<c>gen-2-gc-count</c>): a sample whose count went up shows
    /// the heap as a full GC left it.</summary>
    public long? Gen2Collections { get; set; }

    /// <summary>Memory the GC has committed (<c>gc-committed</c>); null before the first GC.</summary>
    public long? GcCommittedBytes { get; set; }

    public long JobsCompleted { get; set; }

    public long ChurnCycles { get; set; }
}
