using System.Globalization;
using Microsoft.Extensions.Logging;

namespace TestUtilities;

/// <summary>One log entry as the application wrote it, and when (by the wall clock, for a failure message).</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The entry as one line of a log (the exception, if any, on the lines after it).</summary>
    public override string ToString()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Time:HH:mm:ss.fff} {Level} {Category}: {Message}");
        return Exception is null ? line : line + Environment.NewLine + Exception;
    }
}
