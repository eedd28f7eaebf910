using System.Globalization;
using BenchReport.Scenarios;

namespace BenchReport.Markdown;

/// <summary>Numbers as the report prints them: invariant culture, with a precision that suits the magnitude.</summary>
internal static class NumberFormat
{
    private static readonly CultureInfo _culture = CultureInfo.InvariantCulture;

    public static string Value(double value, ValueKind kind) => kind switch
    {
        ValueKind.Count => value.ToString(value == Math.Floor(value) ? "N0" : "N1", _culture),
        ValueKind.Kibibytes => value.ToString(value < 10 ? "N2" : "N1", _culture),
        _ => Scaled(value),
    };

    /// <summary>Median, then [min–max] when the repeats differ, then (n=…) when fewer repeats than planned have it.</summary>
    public static string Summary(Summary summary, ValueKind kind, int plannedRepeats)
    {
        var text = Value(summary.Median, kind);
        var min = Value(summary.Min, kind);
        var max = Value(summary.Max, kind);
        if (min != max)
        {
            text += $" [{min}–{max}]";
        }

        if (summary.Count < plannedRepeats)
        {
            text += $" (n={summary.Count})";
        }

        return text;
    }

    public static string Ratio(double ratio) => ratio.ToString(ratio < 10 ? "0.00" : "0.0", _culture) + "×";

    public static string Integer(long value) => value.ToString("N0", _culture);

    private static string Scaled(double value) => Math.Abs(value) switch
    {
        < 10 => value.ToString("N2", _culture),
        < 100 => value.ToString("N1", _culture),
        _ => value.ToString("N0", _culture),
    };
}
