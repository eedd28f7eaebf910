using System.Threading.Channels;
using ScriptService.Jobs;

namespace ScriptService.Tests.Jobs;

/// <summary>An <see cref="IJobStore"/> that reports each purge to the test, and can fail the first ones.</summary>
internal sealed class RecordingJobStore(IJobStore inner) : IJobStore
{
    private readonly Channel<PurgeCall> _purges = Channel.CreateUnbounded<PurgeCall>();
    private int _failuresLeft;

    /// <summary>Makes the next <paramref name="count"/> purges throw <see cref="IOException"/>.</summary>
    public void FailNextPurges(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>The next purge the store saw, in order; fails the test if none comes within 10 seconds.</summary>
    public async Task<PurgeCall> NextPurgeAsync() => await _purges.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Whether a purge happened that <see cref="NextPurgeAsync"/> has not returned yet.</summary>
    public bool HasUnreadPurge => _purges.Reader.TryPeek(out _);

    public async Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            _purges.Writer.TryWrite(new PurgeCall(olderThan, null));
            throw new IOException("Injected failure.");
        }

        var purged = await inner.PurgeFinishedAsync(olderThan, cancellationToken);
        _purges.Writer.TryWrite(new PurgeCall(olderThan, purged));
        return purged;
    }

    public Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
        => inner.CreateAsync(key, requestJson, cancellationToken);

    public Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken) => inner.MarkRunningAsync(key, cancellationToken);

    public Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
        => inner.CompleteAsync(key, state, resultJson, cancellationToken);

    public ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken) => inner.CanWriteAsync(maxAge, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken) => inner.GetUnfinishedAsync(cancellationToken);

    /// <summary>One purge: its cutoff, and how many jobs it deleted (null when it failed).</summary>
    internal sealed record PurgeCall(DateTimeOffset OlderThan, int? Purged);
}
