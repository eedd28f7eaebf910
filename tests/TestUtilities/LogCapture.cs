using Microsoft.Extensions.Logging;

namespace TestUtilities;

/// <summary>
/// Keeps what a test server logs, so that a test can wait for an entry, inspect the entries, and show the log in a
/// failure message. Which levels it keeps is the logging builder's filters' choice and, if given, its own
/// <c>minimumLevel</c> per category (a filter of its own holds whatever the app's configuration says).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Bounds what a long-lived server (a class fixture, a load test) keeps in the test process.</summary>
    public const int DefaultCapacity = 10_000;

    private const int DumpLines = 400;

    private readonly Lock _lock = new();
    private readonly Queue<LogEntry> _entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Signal)> _waiters = [];
    private readonly Func<string, LogLevel>? _minimumLevel;
    private readonly int _capacity;
    private long _dropped;

    /// <param name="minimumLevel">The lowest level kept for a category; by default every level the builder lets through.</param>
    /// <param name="capacity">How many entries are kept; the oldest go first.</param>
    public LogCapture(Func<string, LogLevel>? minimumLevel = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _minimumLevel = minimumLevel;
        _capacity = capacity;
    }

    /// <summary>The entries kept, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>How many entries have been kept so far whose event name is <paramref name="eventName"/>.</summary>
    public int Count(string eventName) => Entries.Count(entry => entry.EventId.Name == eventName);

    /// <summary>Every kept entry's line (see <see cref="LogEntry.ToString"/>) that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Find(string text) =>
        [.. Entries.Select(static entry => entry.ToString()).Where(line => line.Contains(text, StringComparison.Ordinal))];

    /// <summary>The most recent lines, oldest first, for a failure message.</summary>
    public string Dump()
    {
        long dropped;
        List<LogEntry> entries;
        lock (_lock)
        {
            dropped = _dropped + Math.Max(0, _entries.Count - DumpLines);
            entries = [.. _entries.Skip(_entries.Count - DumpLines)];
        }

        if (entries.Count == 0)
        {
            return "(no server log lines)";
        }

        var lines = string.Join(Environment.NewLine, entries);
        return dropped == 0 ? lines : $"({dropped} earlier lines not shown){Environment.NewLine}{lines}";
    }

    /// <summary>The first entry whose event name is <paramref name="eventName"/>, once it has been written.</summary>
    public Task<LogEntry> WaitForAsync(string eventName) => WaitForAsync(entry => entry.EventId.Name == eventName, $"an entry {eventName}");

    /// <summary>The first line (already kept, or to come) that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForTextAsync(string text) =>
        (await WaitForAsync(entry => entry.ToString().Contains(text, StringComparison.Ordinal), $"a line containing '{text}'")).ToString();

    /// <summary>The first entry (already kept, or to come) that matches; fails with the log after the default timeout.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, string? description = null)
    {
        var signal = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                if (match(entry))
                {
                    return entry;
                }
            }

            _waiters.Add((match, signal));
        }

        try
        {
            return await signal.Task.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(waiter => waiter.Signal == signal);
            }

            throw new TimeoutException($"The log has no {description ?? "matching entry"}.{Environment.NewLine}{Dump()}", ex);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, _minimumLevel?.Invoke(categoryName) ?? LogLevel.Trace);

    /// <summary>A logger that writes here, for code under test that takes an <see cref="ILogger{T}"/> and no host.</summary>
    public ILogger<T> CreateLogger<T>() => new TypedLogger<T>(CreateLogger(typeof(T).FullName ?? typeof(T).Name));

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>> ready = [];

        // Kept and matched under one lock, so that a waiter that has just looked through the kept entries sees this one.
        lock (_lock)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > _capacity)
            {
                _entries.Dequeue();
                _dropped++;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult(entry);
        }
    }

    private sealed class Logger(LogCapture owner, string category, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }

    private sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
