using LoadDriver.Stats;

namespace LoadDriver.Modes.Jobs;

internal sealed class JobsShared
{
    private long _duplicated;
    private long _dropped;

    public ErrorCounter Errors { get; } = new();

    public long Duplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Established connections that the server (or the network) ended.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicated);

    public void AddDrop() => Interlocked.Increment(ref _dropped);
}
