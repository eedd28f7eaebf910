using System.Text;

namespace BenchReport.Markdown;

/// <summary>BenchmarkDotNet's GitHub-flavoured reports (<c>*-report-github.md</c>), included as they are.</summary>
internal static class BenchmarkDotNetSection
{
    private const string Suffix = "-report-github.md";

    public static void Write(StringBuilder md, string directory)
    {
        md.AppendLine("## Code-path benchmarks (BenchmarkDotNet)").AppendLine();
        var files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*" + Suffix).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (files.Length == 0)
        {
            md.AppendLine($"No BenchmarkDotNet reports (`*{Suffix}`) were found in `{directory}`.").AppendLine();
            return;
        }

        md.AppendLine("In-process microbenchmarks of our code paths (`benchmarks/ScriptService.Benchmarks`; "
            + "see `benchmarks/README.md` for what each measures). They have no Node counterpart. They are run by "
            + "`benchmarks/run.sh bdn` (`--job short`, about 9 minutes), which then rebuilds this document with the latest "
            + "load results; below are the last BenchmarkDotNet results found.").AppendLine();
        foreach (var file in files)
        {
            // "ScriptService.Benchmarks.SocketIo.BroadcastBenchmarks-report-github.md" → "BroadcastBenchmarks"
            var name = Path.GetFileName(file)[..^Suffix.Length];
            md.AppendLine($"### {name[(name.LastIndexOf('.') + 1)..]}").AppendLine();
            md.AppendLine(File.ReadAllText(file).Trim()).AppendLine();
        }
    }
}
