namespace ScriptService.Generation;

/// <summary>What a generator produced.</summary>
public sealed record GeneratedScript(string Title, string Description, string Script);
