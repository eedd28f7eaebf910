using System.Collections.Concurrent;
using System.Diagnostics;

namespace SocketIo.InteropTests.Infrastructure;

/// <summary>
/// What the server saw, per test run: the server's handlers record values under a name, and the test awaits them.
/// A run is one test's id, which its Node client sends in <c>auth.run</c>, so runs sharing a server never mix.
/// </summary>
public sealed class Signals
{
    public static readonly TimeSpan WaitTimeout = Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Run, string Name), TaskCompletionSource<object?>> _values = new();
    private readonly ConcurrentDictionary<(string Run, string Name), ConcurrentQueue<object?>> _lists = new();

    /// <summary>Extra context for a failure message (the server's log).</summary>
    public Func<string>? Context { get; set; }

    /// <summary>Records a value; only the first value recorded under a name counts.</summary>
    public void Set(string run, string name, object? value) => Get(run, name).TrySetResult(value);

    /// <summary>Appends a value to a list (for things that may happen several times, or must not happen at all).</summary>
    public void Add(string run, string name, object? value) =>
        _lists.GetOrAdd((run, name), static _ => new ConcurrentQueue<object?>()).Enqueue(value);

    /// <summary>What was appended under a name so far.</summary>
    public IReadOnlyList<object?> List(string run, string name) =>
        _lists.TryGetValue((run, name), out var list) ? [.. list] : [];

    /// <summary>Waits for the value recorded under a name; fails the test if the server never records it.</summary>
    public async Task<T> WaitAsync<T>(string run, string name)
    {
        object? value;
        try
        {
            value = await Get(run, name).Task.WaitAsync(WaitTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The server never observed '{name}' for run {run} within {WaitTimeout}.{Environment.NewLine}{Context?.Invoke()}", ex);
        }

        return value is T typed
            ? typed
            : throw new InvalidCastException($"The server observed '{name}' for run {run} as {value?.GetType().Name ?? "null"} ({value}), not {typeof(T).Name}.");
    }

    private TaskCompletionSource<object?> Get(string run, string name) =>
        _values.GetOrAdd((run, name), static _ => new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));
}
