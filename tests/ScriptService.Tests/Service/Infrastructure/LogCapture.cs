using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Keeps a service host's recent log lines, to show in a failing test's message.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private const int MaxLines = 300;

    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The most recent lines, oldest first.</summary>
    public string Dump() => _lines.IsEmpty ? "(no server log lines)" : string.Join(Environment.NewLine, _lines);

    /// <summary>Every kept line that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Find(string text) => [.. _lines.Where(l => l.Contains(text, StringComparison.Ordinal))];

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        _lines.Enqueue(line);
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
