using System.Globalization;
using Microsoft.Extensions.Options;

namespace ScriptService.Jobs.Sqlite;

/// <summary>Checks <see cref="JobStoreOptions"/> when the host starts, with a message naming the key and its range.</summary>
internal sealed class JobStoreOptionsValidator : IValidateOptions<JobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, JobStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add(Message(nameof(options.DatabasePath), "empty", "a file path (default data/jobs.db)"));
        }

        if (options.ResultRetention < TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.ResultRetention), Format(options.ResultRetention), "zero or longer"));
        }

        if (options.PurgeInterval <= TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.PurgeInterval), Format(options.PurgeInterval), "longer than zero"));
        }

        if (options.RetryInitialBackoff <= TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.RetryInitialBackoff), Format(options.RetryInitialBackoff), "longer than zero"));
        }
        else if (options.RetryMaxBackoff < options.RetryInitialBackoff)
        {
            failures.Add(Message(nameof(options.RetryMaxBackoff), Format(options.RetryMaxBackoff), "at least RetryInitialBackoff (" + Format(options.RetryInitialBackoff) + ")"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Message(string key, string value, string range) =>
        $"{JobStoreOptions.SectionName}:{key} ({JobStoreOptions.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{key}) is {value}; it must be {range}.";
}
