using EngineIo.Memory;

namespace EngineIo.Tests.Memory;

public sealed class HeapCompactionPolicyTests
{
    private const long MiB = 1024 * 1024;

    private static readonly EngineIoHeapCompactionOptions _options = new()
    {
        QuietPeriod = TimeSpan.FromSeconds(10),
        MinimumInterval = TimeSpan.FromMinutes(1),
        MinimumReclaimableBytes = 32 * MiB,
    };

    [Fact]
    public void SamplesTwicePerQuietPeriod()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new HeapCompactionPolicy(_options).SampleInterval);
    }

    [Fact]
    public void CompactsOnceAQuietPeriodFollowsABurst()
    {
        var policy = new HeapCompactionPolicy(_options);

        // 120 MiB in use, 230 MiB committed: a burst of connections just ended.
        Assert.False(policy.ShouldCompact(Sample(0, allocatedMiB: 900, committedMiB: 230, inUseMiB: 120)));
        Assert.False(policy.ShouldCompact(Sample(5, allocatedMiB: 901, committedMiB: 230, inUseMiB: 120)));
        Assert.True(policy.ShouldCompact(Sample(10, allocatedMiB: 902, committedMiB: 230, inUseMiB: 120)));
    }

    [Fact]
    public void CountsWhatABurstAllocatedAfterTheLastCollection()
    {
        var policy = new HeapCompactionPolicy(_options);

        // The last collection ran mid-burst (80 MiB committed, 50 in use); the heap holds 110 MiB now.
        Assert.Equal(60 * MiB, Sample(0, 0, 80, 50, heapMiB: 110).ReclaimableBytes);
        Assert.False(policy.ShouldCompact(Sample(0, 900, 80, 50, heapMiB: 110)));
        Assert.False(policy.ShouldCompact(Sample(5, 901, 80, 50, heapMiB: 111)));
        Assert.True(policy.ShouldCompact(Sample(10, 902, 80, 50, heapMiB: 112)));
    }

    [Fact]
    public void WaitsWhileTheProcessAllocates()
    {
        var policy = new HeapCompactionPolicy(_options);

        // 110 MiB reclaimable: a sample is quiet up to 110/16 ≈ 6.9 MiB allocated.
        Assert.False(policy.ShouldCompact(Sample(0, 0, 230, 120)));
        Assert.False(policy.ShouldCompact(Sample(5, 1, 230, 120)));
        Assert.False(policy.ShouldCompact(Sample(10, 9, 230, 120)));
        Assert.False(policy.ShouldCompact(Sample(15, 10, 230, 120)));
        Assert.True(policy.ShouldCompact(Sample(20, 11, 230, 120)));
    }

    [Fact]
    public void LeavesAHeapWithLittleToGiveBack()
    {
        var policy = new HeapCompactionPolicy(_options);

        // 31 MiB free: under the minimum, however quiet.
        for (var i = 0; i < 10; i++)
        {
            Assert.False(policy.ShouldCompact(Sample(i * 5, 0, 51, 20)));
        }
    }

    [Fact]
    public void LeavesALargeHeapWithLittleToGiveBackForItsSize()
    {
        var policy = new HeapCompactionPolicy(_options);

        // 100 MiB free of a 1 GiB heap in use: under an eighth, and a compaction's pause grows with the heap.
        for (var i = 0; i < 10; i++)
        {
            Assert.False(policy.ShouldCompact(Sample(i * 5, 0, 1124, 1024)));
        }
    }

    [Fact]
    public void CompactsALargeHeapThatAnEphemeralCollectionLeftWithLessThanAQuarterFree()
    {
        var policy = new HeapCompactionPolicy(_options);

        // Idle connections after their burst: the last (ephemeral) collection counted 140 MiB in use, 174 MiB are
        // committed. A quarter of the heap in use would ask for a little more than there is to give back.
        Assert.False(policy.ShouldCompact(Sample(0, 900, 174, 140)));
        Assert.False(policy.ShouldCompact(Sample(5, 900, 174, 140)));
        Assert.True(policy.ShouldCompact(Sample(10, 900, 174, 140)));
    }

    [Fact]
    public void CompactsAtMostOncePerMinimumInterval()
    {
        var policy = new HeapCompactionPolicy(_options);
        Assert.False(policy.ShouldCompact(Sample(0, 0, 230, 120)));
        Assert.False(policy.ShouldCompact(Sample(5, 0, 230, 120)));
        Assert.True(policy.ShouldCompact(Sample(10, 0, 230, 120)));

        // Another burst right away: quiet again after 10 s, but the last compaction was less than a minute ago.
        Assert.False(policy.ShouldCompact(Sample(15, 500, 400, 200)));
        Assert.False(policy.ShouldCompact(Sample(20, 500, 400, 200)));
        Assert.False(policy.ShouldCompact(Sample(25, 500, 400, 200)));
        Assert.False(policy.ShouldCompact(Sample(65, 500, 400, 200)));
        Assert.True(policy.ShouldCompact(Sample(70, 500, 400, 200)));
    }

    [Fact]
    public void ACompactedHeapIsLeftAlone()
    {
        var policy = new HeapCompactionPolicy(_options);
        Assert.False(policy.ShouldCompact(Sample(0, 0, 230, 120)));
        Assert.False(policy.ShouldCompact(Sample(5, 0, 230, 120)));
        Assert.True(policy.ShouldCompact(Sample(10, 0, 230, 120)));

        for (var i = 3; i < 40; i++)
        {
            Assert.False(policy.ShouldCompact(Sample(i * 5, 0, 121, 120)));
        }
    }

    [Fact]
    public void CompactsByDefaultWhatABurstLeftInTheOldestGeneration()
    {
        var policy = new HeapCompactionPolicy(new EngineIoHeapCompactionOptions());

        // Idle connections after their burst, which ephemeral collections moved to the oldest generation with its
        // garbage: 119 MiB counted in use, 147 MiB committed. The former default minimum (32 MiB) never compacted it.
        Assert.False(policy.ShouldCompact(Sample(0, 900, 147, 119)));
        Assert.False(policy.ShouldCompact(Sample(5, 900, 147, 119)));
        Assert.True(policy.ShouldCompact(Sample(10, 900, 147, 119)));
    }

    private static HeapSample Sample(int seconds, long allocatedMiB, long committedMiB, long inUseMiB, long? heapMiB = null) =>
        new(TimeSpan.FromSeconds(seconds), allocatedMiB * MiB, committedMiB * MiB, inUseMiB * MiB, (heapMiB ?? inUseMiB) * MiB);
}
