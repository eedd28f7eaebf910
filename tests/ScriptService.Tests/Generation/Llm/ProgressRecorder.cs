using ScriptService.Generation;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>Records progress reports synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class ProgressRecorder : IProgress<GenerationProgress>
{
    private readonly List<GenerationProgress> _reports = [];

    public IReadOnlyList<GenerationProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(GenerationProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
