using System.Globalization;
using System.Text;

namespace ScriptService.Diagnostics.Prometheus;

/// <summary>
/// OpenTelemetry's names for metrics in Prometheus: dots and other characters become underscores, the unit becomes a
/// suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations such as <c>{connection}</c> none) and
/// counters end in <c>_total</c>; e.g. <c>http.server.request.duration</c> in s is
/// <c>http_server_request_duration_seconds</c>.
/// </summary>
internal static class PrometheusNames
{
    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, kind);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind is MetricKind.Counter or MetricKind.ObservedCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string LabelName(string tagName) => Sanitize(tagName, allowColon: false);

    /// <summary>A label value as the text format wants it: backslash, double quote and newline escaped.</summary>
    public static void AppendLabelValue(StringBuilder text, object? value)
    {
        var raw = value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        foreach (var c in raw)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>HELP text: backslash and newline escaped.</summary>
    public static string Help(string? description) =>
        (description ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string UnitSuffix(string? unit, MetricKind kind)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }

        // UCUM annotations ({request}, {connection}) name what is counted, not a unit.
        var stripped = unit;
        while (stripped.IndexOf('{') is var open and >= 0 && stripped.IndexOf('}', open) is var close and >= 0)
        {
            stripped = stripped.Remove(open, close - open + 1);
        }

        return stripped switch
        {
            "" => "",
            "s" => "seconds",
            "ms" => "milliseconds",
            "us" => "microseconds",
            "ns" => "nanoseconds",
            "min" => "minutes",
            "h" => "hours",
            "By" => "bytes",
            "KiBy" => "kibibytes",
            "MiBy" => "mebibytes",
            "%" => "percent",
            "1" => kind is MetricKind.LastValue or MetricKind.UpDownCounter ? "ratio" : "",
            _ => Sanitize(stripped.Replace("/", "_per_", StringComparison.Ordinal), allowColon: false),
        };
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
