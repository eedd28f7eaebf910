using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

/// <summary>Checks <see cref="RedisJobOptions"/> when the host starts, with a message naming the key and its range.</summary>
internal sealed class RedisJobOptionsValidator : IValidateOptions<RedisJobOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisJobOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        try
        {
            ConfigurationOptions.Parse(options.Configuration!);
        }
        catch (ArgumentException ex)
        {
            failures.Add(Message(nameof(options.Configuration), "not a StackExchange.Redis configuration (" + ex.Message + ")", "e.g. redis:6379 or redis:6379,password=…"));
        }

        if (options.StaleJobAfter <= TimeSpan.Zero)
        {
            failures.Add(Message(nameof(options.StaleJobAfter), Format(options.StaleJobAfter), "longer than zero (e.g. 00:00:30)"));
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add(Message(nameof(options.OperationTimeout), Format(options.OperationTimeout), "longer than zero (e.g. 00:00:05)"));
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add(Message(nameof(options.KeyPrefix), "\"" + options.KeyPrefix + "\"", "a name without braces (default scriptservice)"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Message(string key, string value, string range) =>
        $"{RedisJobOptions.SectionName}:{key} ({RedisJobOptions.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{key}) is {value}; it must be {range}.";
}
