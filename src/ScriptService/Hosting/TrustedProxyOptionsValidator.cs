using System.Net;
using Microsoft.Extensions.Options;

namespace ScriptService.Hosting;

/// <summary>Checks <see cref="TrustedProxyOptions"/> when the host starts, with a message naming the key and the entry.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add(Message(nameof(options.KnownProxies), i, options.KnownProxies[i], "an IP address (e.g. 127.0.0.1 or ::1)"));
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add(Message(nameof(options.KnownNetworks), i, options.KnownNetworks[i], "a network in CIDR notation (e.g. 10.0.0.0/8)"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Message(string key, int index, string? value, string range) =>
        $"{TrustedProxyOptions.SectionName}:{key}:{index} ({TrustedProxyOptions.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{key}__{index}) is \"{value}\"; it must be {range}.";
}
