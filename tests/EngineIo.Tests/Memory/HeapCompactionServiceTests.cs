using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using EngineIo.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EngineIo.Tests.Memory;

/// <summary>The GC is the whole process's: these tests run alone, so that no other test's allocations count.</summary>
[CollectionDefinition(nameof(HeapCompactionServiceTests), DisableParallelization = true)]
public sealed class HeapCompactionRunsAlone;

[Collection(nameof(HeapCompactionServiceTests))]
public sealed class HeapCompactionServiceTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GivesBackWhatABurstLeftOnceTheProcessGoesQuiet()
    {
        using var host = BuildHost(o =>
        {
            o.QuietPeriod = TimeSpan.FromMilliseconds(400);
            o.MinimumInterval = TimeSpan.Zero;
            o.MinimumReclaimableBytes = 16L * 1024 * 1024;
        });
        using var reclaimed = new MetricRecorder(host.Services.GetRequiredService<IMeterFactory>(), EngineIoMetrics.MeterName, "engineio.heap.reclaimed");
        await host.StartAsync();

        LeaveGarbageBehind();
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var bytes = await reclaimed.FirstAsync();

        Assert.True(bytes > 0, "the compaction returned nothing");
        Assert.True(GC.GetGCMemoryInfo().TotalCommittedBytes < committed, "the heap holds as much as before the compaction");
        await host.StopAsync();
    }

    [Fact]
    public async Task StopsWithTheHost()
    {
        using var host = BuildHost(o => o.QuietPeriod = TimeSpan.FromHours(1));
        await host.StartAsync();

        await host.StopAsync().WaitAsync(_timeout);
    }

    [Fact]
    public void RefusesAQuietPeriodOfNothing()
    {
        using var host = BuildHost(o => o.QuietPeriod = TimeSpan.Zero);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EngineIoHeapCompactionOptions>>().Value);
        Assert.Contains("QuietPeriod", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(Action<EngineIoHeapCompactionOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEngineIoHeapCompaction(configure);
        return builder.Build();
    }

    /// <summary>
    /// Fills regions with small objects that live long enough to be promoted, then lets them go in a collection that
    /// sweeps without compacting: the regions stay committed, as after a burst of handshakes.
    /// </summary>
    /// <remarks>
    /// The objects are let go by returning from the method that holds them: unoptimized (Debug) code may keep a
    /// reference in its frame after the local is cleared, and the sweep would then find nothing to sweep.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeaveGarbageBehind()
    {
        FillAndPromote();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillAndPromote()
    {
        var kept = new List<byte[]>(400_000);
        for (var i = 0; i < 400_000; i++)
        {
            kept.Add(new byte[200]);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        GC.KeepAlive(kept);
    }
}
