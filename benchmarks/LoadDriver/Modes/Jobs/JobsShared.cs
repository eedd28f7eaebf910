using LoadDriver.Stats;

namespace LoadDriver.Modes.Jobs;

internal sealed class JobsShared
{
    private long _duplicated;
    private long _dropped;
    private long _lost;

    public ErrorCounter Errors { get; } = new();

    public long Duplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Established connections that the server (or the network) ended.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Jobs the server accepted (202) whose <c>scriptResult</c> never came: timed out, or the connection dropped.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicated);

    public void AddLost() => Interlocked.Increment(ref _lost);

    public void AddDrop() => Interlocked.Increment(ref _dropped);
}
