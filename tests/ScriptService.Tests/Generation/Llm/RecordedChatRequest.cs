using System.Text.Json.Nodes;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>One request the server received.</summary>
internal sealed record RecordedChatRequest(int Number, string Path, string Authorization, JsonNode Body)
{
    /// <summary>Set when the client aborted the request while a <see cref="Replies.Hang"/> responder held it.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Model => Body["model"]?.GetValue<string>();

    public string? ResponseFormatType => Body["response_format"]?["type"]?.GetValue<string>();

    /// <summary>The messages as (role, text); content given as an array of parts is joined.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ReadContent(m["content"]))).ToList();

    private static string ReadContent(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => string.Empty,
    };
}
