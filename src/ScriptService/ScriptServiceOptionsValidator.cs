using System.Globalization;
using Microsoft.Extensions.Options;

namespace ScriptService;

/// <summary>
/// Checks <see cref="ScriptServiceOptions"/> when the host starts (ValidateOnStart): a value out of its range stops the
/// service with a message naming the key, its environment variable and the range, rather than being bent into range.
/// </summary>
internal sealed class ScriptServiceOptionsValidator : IValidateOptions<ScriptServiceOptions>
{
    /// <summary>The longest <see cref="ScriptServiceOptions.ProgressLinger"/>: longer, and a report would tell the client little.</summary>
    private static readonly TimeSpan MaxProgressLinger = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, ScriptServiceOptions options)
    {
        var failures = new List<string>();
        AtLeast(failures, nameof(options.QueueCapacity), options.QueueCapacity, 1);
        AtLeast(failures, nameof(options.Workers), options.Workers, 1);
        AtLeast(failures, nameof(options.MaxRegistrationsPerSocket), options.MaxRegistrationsPerSocket, 1);
        AtLeast(failures, nameof(options.MaxRequestBodyBytes), options.MaxRequestBodyBytes, 1);
        AtLeast(failures, nameof(options.PostsPerMinute), options.PostsPerMinute, 1);
        AtLeast(failures, nameof(options.FileDescriptorReserve), options.FileDescriptorReserve, 0);
        AtLeast(failures, nameof(options.ProgressBacklogBytes), options.ProgressBacklogBytes, 0);
        if (options.MaxConnections is { } maxConnections)
        {
            AtLeast(failures, nameof(options.MaxConnections), maxConnections, 1);
        }

        if (options.MaxConcurrentConnections is { } maxConcurrent)
        {
            AtLeast(failures, nameof(options.MaxConcurrentConnections), maxConcurrent, 1);
        }

        if (options.JobTimeout <= TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.JobTimeout), options.JobTimeout.ToString("c", CultureInfo.InvariantCulture), "longer than zero (e.g. 00:02:00)"));
        }

        if (options.ProgressLinger < TimeSpan.Zero || options.ProgressLinger > MaxProgressLinger)
        {
            failures.Add(Message(nameof(options.ProgressLinger), options.ProgressLinger.ToString("c", CultureInfo.InvariantCulture), "from 00:00:00 to 00:00:10"));
        }

        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.ShutdownGrace), options.ShutdownGrace.ToString("c", CultureInfo.InvariantCulture), "zero or longer (e.g. 00:00:10)"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The message for a key: <c>ScriptService:Workers (ScriptService__Workers) is 0; it must be at least 1.</c>
    /// </summary>
    internal static string Message(string key, string value, string range) =>
        $"{ScriptServiceOptions.SectionName}:{key} ({ScriptServiceOptions.SectionName}__{key}) is {value}; it must be {range}.";

    private static void AtLeast(List<string> failures, string key, long value, long minimum)
    {
        if (value < minimum)
        {
            failures.Add(Message(key, value.ToString(CultureInfo.InvariantCulture), "at least " + minimum.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
