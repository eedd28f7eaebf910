using System.Diagnostics.CodeAnalysis;

namespace BenchReport;

/// <summary>The command line: <c>--results DIR --out FILE --charts DIR [--bdn DIR]</c>.</summary>
internal sealed record ReportArguments(string Results, string Out, string Charts, string? BenchmarkDotNet)
{
    public const string Usage = "usage: BenchReport --results DIR --out docs/benchmarks.md --charts docs/benchmarks [--bdn DIR]";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ReportArguments? arguments, out string error)
    {
        arguments = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not ("--results" or "--out" or "--charts" or "--bdn"))
            {
                error = $"unknown argument '{args[i]}'";
                return false;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{args[i]} needs a value";
                return false;
            }

            values[args[i]] = args[++i];
        }

        foreach (var required in (string[])["--results", "--out", "--charts"])
        {
            if (!values.ContainsKey(required))
            {
                error = $"{required} is required";
                return false;
            }
        }

        arguments = new ReportArguments(values["--results"], values["--out"], values["--charts"], values.GetValueOrDefault("--bdn"));
        error = string.Empty;
        return true;
    }
}
