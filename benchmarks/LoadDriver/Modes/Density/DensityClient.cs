using LoadDriver.Client;
using LoadDriver.Stats;

namespace LoadDriver.Modes.Density;

/// <summary>Shared by every connection of a density worker: it only counts pings and drops.</summary>
internal sealed class DensityClient(ErrorCounter errors) : SioClientHandler
{
    private long _pings;
    private int _dropped;

    public long Pings => Interlocked.Read(ref _pings);

    public int Dropped => Volatile.Read(ref _dropped);

    public override void OnPing() => Interlocked.Increment(ref _pings);

    public override void OnDropped(string reason)
    {
        Interlocked.Increment(ref _dropped);
        errors.Add($"dropped: {reason}");
    }
}
