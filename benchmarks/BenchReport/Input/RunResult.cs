namespace BenchReport.Input;

/// <summary>One result file: which server, at which point, which repeat, and what the driver measured.</summary>
internal sealed record RunResult(string ServerId, long Point, int Repeat, string FileName, LoadResult Result);
