using LoadDriver.Modes.Jobs;

namespace LoadDriver.Modes.Soak;

/// <summary>
/// One of a worker's connections, across its reconnects: the transport stays, the link and its client change with
/// each churn cycle. The churn and the jobs take a slot exclusively, so a job never runs on a connection that the
/// churn is closing and the churn never closes a socket whose result is awaited.
/// </summary>
internal sealed class SoakSlot(int globalIndex, SoakTransport transport)
{
    private int _busy;

    public int GlobalIndex { get; } = globalIndex;

    public SoakTransport Transport { get; } = transport;

    /// <summary>The current connection; null before the first connect and while a reconnect is failing.</summary>
    public ISoakLink? Link { get; set; }

    public JobsClient? Client { get; set; }

    /// <summary>Open, acknowledged, and not dropped since.</summary>
    public bool IsOpen => Link is not null && Client is { Dropped: false };

    public bool TryTake() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _busy, 0);
}
