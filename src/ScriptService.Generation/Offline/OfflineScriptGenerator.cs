namespace ScriptService.Generation.Offline;

/// <summary>
/// The default generator: writes a complete script from phrasebooks, offline and deterministically (no randomness,
/// no clock, no network), in well under a millisecond. Stateless and thread-safe, so one instance can serve every job.
/// </summary>
/// <remarks>
/// Stages: "outline" resolves the request into a plan, "draft" writes every candidate sentence, "polish" fits the body
/// into the length's word range and prints it with its title and description. The token is checked before each.
/// </remarks>
public sealed class OfflineScriptGenerator : IScriptGenerator
{
    public Task<GeneratedScript> GenerateAsync(ScriptRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GeneratedScript>(cancellationToken);
        }

        // The work is a fraction of a millisecond of CPU, so it runs inline rather than paying for a thread-pool hop;
        // failures still surface through the task, as callers of an async method expect.
        try
        {
            return Task.FromResult(Generate(request, progress, cancellationToken));
        }
        catch (Exception ex)
        {
            return ex is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? Task.FromCanceled<GeneratedScript>(cancellationToken)
                : Task.FromException<GeneratedScript>(ex);
        }
    }

    private static GeneratedScript Generate(ScriptRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var plan = ScriptPlanner.Plan(request);
        progress.Report(new GenerationProgress(OfflineGenerationStages.Outline, OfflineGenerationStages.OutlinePercent));

        cancellationToken.ThrowIfCancellationRequested();
        var draft = ScriptDraft.Rent();
        string script;
        try
        {
            ScriptComposer.Compose(plan, draft);
            progress.Report(new GenerationProgress(OfflineGenerationStages.Draft, OfflineGenerationStages.DraftPercent));

            cancellationToken.ThrowIfCancellationRequested();
            SentenceFitter.Fit(draft, plan.Profile.Words);
            script = ScriptFormatter.Format(draft);
        }
        finally
        {
            draft.Return();
        }

        var (title, description) = HeadlineComposer.Compose(plan);
        progress.Report(new GenerationProgress(OfflineGenerationStages.Polish, OfflineGenerationStages.PolishPercent));

        cancellationToken.ThrowIfCancellationRequested();
        progress.Report(new GenerationProgress(OfflineGenerationStages.Done, OfflineGenerationStages.DonePercent));
        return new GeneratedScript(title, description, script);
    }
}
