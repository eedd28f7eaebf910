namespace ScriptService.Generation.Llm;

/// <summary>The JSON object the model is asked to answer with: <c>{"title":…,"description":…,"script":…}</c>.</summary>
internal sealed class LlmScriptAnswer
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? Script { get; set; }
}
