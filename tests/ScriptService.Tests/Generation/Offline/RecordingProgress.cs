using ScriptService.Generation;

namespace ScriptService.Tests.Generation.Offline;

/// <summary>
/// Records reports synchronously, on the generator's thread (unlike <see cref="Progress{T}"/>, which posts them), so
/// a test sees every report as soon as the call returns, and can react to one while the generator runs.
/// </summary>
internal sealed class RecordingProgress(Action<GenerationProgress>? onReport = null) : IProgress<GenerationProgress>
{
    public List<GenerationProgress> Reports { get; } = [];

    public void Report(GenerationProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
