using ScriptService.Jobs;

namespace ScriptService.Tests.Jobs;

/// <summary>
/// The real store, except that marking a "poisoned" job running throws <see cref="InvalidCastException"/>: a stand-in
/// for a fault nobody foresaw, which no retry can mend, to show that it costs the job and not its worker.
/// </summary>
internal sealed class PoisonedJobStore(IJobStore inner, Func<JobKey, bool> poisoned) : IJobStore, IAsyncDisposable, IDisposable
{
    public Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken) =>
        poisoned(key) ? throw new InvalidCastException($"Injected fault for job {key}.") : inner.MarkRunningAsync(key, cancellationToken);

    public Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
        => inner.CreateAsync(key, requestJson, cancellationToken);

    public Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
        => inner.CompleteAsync(key, state, resultJson, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken) => inner.GetUnfinishedAsync(cancellationToken);

    public Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PurgeFinishedAsync(olderThan, cancellationToken);

    public ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken) => inner.CanWriteAsync(maxAge, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
