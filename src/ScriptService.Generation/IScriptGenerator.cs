namespace ScriptService.Generation;

/// <summary>
/// Turns a request into a script. Implementations report progress through named stages and observe the token (the
/// per-job timeout and host shutdown cancel it). A failure throws; its message may be shown to clients only if it is
/// a <see cref="ScriptGenerationException"/>, anything else is reported as a generic failure.
/// </summary>
public interface IScriptGenerator
{
    Task<GeneratedScript> GenerateAsync(ScriptRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken);
}
