namespace ScriptService.Generation;

/// <summary>What a generator produced.</summary>
internal sealed record GeneratedScript(string Title, string Description, string Script);
