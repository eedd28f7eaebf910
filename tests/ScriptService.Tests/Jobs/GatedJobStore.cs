using ScriptService.Jobs;

namespace ScriptService.Tests.Jobs;

/// <summary>
/// The real store, except that storing the outcome of a "held" job (or, with <c>holdsMarks</c>, marking it running)
/// waits until the test opens the gate: a commit that takes its time, to show what a worker does meanwhile.
/// </summary>
internal sealed class GatedJobStore(IJobStore inner, Func<JobKey, bool> held, bool holdsMarks = false) : IJobStore, IAsyncDisposable, IDisposable
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _heldReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _heldPassed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a held job's write is waiting at the gate.</summary>
    public Task HeldReached => _heldReached.Task;

    /// <summary>Completes once a held job's write has gone through the gate and reached the real store.</summary>
    public Task HeldPassed => _heldPassed.Task;

    /// <summary>Lets the held outcomes through.</summary>
    public void Open() => _gate.TrySetResult();

    public async Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
    {
        if (holdsMarks || !held(key))
        {
            return await inner.CompleteAsync(key, state, resultJson, cancellationToken);
        }

        _heldReached.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        var stored = await inner.CompleteAsync(key, state, resultJson, cancellationToken);
        _heldPassed.TrySetResult();
        return stored;
    }

    public async Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken)
    {
        if (!holdsMarks || !held(key))
        {
            await inner.MarkRunningAsync(key, cancellationToken);
            return;
        }

        _heldReached.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        await inner.MarkRunningAsync(key, cancellationToken);
        _heldPassed.TrySetResult();
    }

    public Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
        => inner.CreateAsync(key, requestJson, cancellationToken);

    public Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken) => inner.GetUnfinishedAsync(cancellationToken);

    public Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PurgeFinishedAsync(olderThan, cancellationToken);

    public ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken) => inner.CanWriteAsync(maxAge, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : default;

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
