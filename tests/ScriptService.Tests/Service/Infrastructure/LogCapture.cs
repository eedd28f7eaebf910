using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Keeps a service host's recent log lines, to show in a failing test's message.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private const int MaxLines = 300;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiters = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The most recent lines, oldest first.</summary>
    public string Dump() => _lines.IsEmpty ? "(no server log lines)" : string.Join(Environment.NewLine, _lines);

    /// <summary>Every kept line that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Find(string text) => [.. _lines.Where(l => l.Contains(text, StringComparison.Ordinal))];

    /// <summary>The first line (already kept, or to come) that contains <paramref name="text"/>; fails after <see cref="Waits.Signal"/>.</summary>
    public async Task<string> WaitForAsync(string text)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Find(text) is [var first, ..])
            {
                return first;
            }

            _waiters.Add((text, found));
        }

        try
        {
            return await found.Task.WithTimeout();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No server log line contained '{text}'.{Environment.NewLine}{Dump()}");
        }
    }

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        // Kept and matched under one lock, so that a waiter that has just looked through the kept lines sees this one.
        lock (_waiters)
        {
            _lines.Enqueue(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }

        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // The service's own log at Information (jobs accepted, finished, resumed); the frameworks' at Warning.
        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("ScriptService", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            owner.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
