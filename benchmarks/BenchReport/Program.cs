using BenchReport;
using BenchReport.Charts;
using BenchReport.Input;
using BenchReport.Markdown;
using BenchReport.Scenarios;

// Turns a benchmarks/run.sh results directory into docs/benchmarks.md and its PNG charts.
if (!ReportArguments.TryParse(args, out var arguments, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(ReportArguments.Usage);
    return 1;
}

// Checked first: after a long benchmark run, better no report than charts without a single label.
if (!ChartFonts.TrySelect())
{
    Console.Error.WriteLine("No font found under /usr/share/fonts, so the charts would have no text. On Debian: apt-get install -y fonts-dejavu-core");
    return 3;
}

ResultSet results;
try
{
    results = ResultSet.Load(arguments.Results, ScenarioCatalog.All);
}
catch (InvalidDataException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var chartProblems = new List<string>();
var charts = ChartWriter.WriteAll(results, arguments.Charts, chartProblems);
var markdown = new ReportWriter(results, charts, chartProblems, arguments.Out, arguments.BenchmarkDotNet).Render();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(arguments.Out))!);
File.WriteAllText(arguments.Out, markdown);

foreach (var problem in results.Problems.Concat(chartProblems))
{
    Console.Error.WriteLine($"warning: {problem}");
}

Console.WriteLine($"wrote {arguments.Out} and {charts.Values.Sum(c => c.Count)} chart(s) in {arguments.Charts}");
return 0;
