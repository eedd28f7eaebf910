namespace BenchReport.Charts;

/// <summary>A chart that was written: where, and the sentence under it in the report.</summary>
internal sealed record ChartFile(string Path, string Title, string Caption);
