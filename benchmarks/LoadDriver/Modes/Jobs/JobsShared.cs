using LoadDriver.Stats;

namespace LoadDriver.Modes.Jobs;

internal sealed class JobsShared
{
    private long _duplicated;

    public ErrorCounter Errors { get; } = new();

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicated);
}
