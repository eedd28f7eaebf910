using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ScriptService.Generation.Llm;

/// <summary>Reads the model's answer text into a <see cref="LlmScriptAnswer"/>.</summary>
internal static class LlmAnswerParser
{
    /// <summary>
    /// Parses the JSON object in <paramref name="content"/>. The object may be wrapped in a Markdown fence
    /// (<c>```json … ```</c>) or surrounded by prose: the text from the first <c>{</c> to the last <c>}</c> is read.
    /// Succeeds only when the object has a non-blank <c>script</c>; the values are trimmed.
    /// </summary>
    public static bool TryParse(string? content, [NotNullWhen(true)] out LlmScriptAnswer? answer)
    {
        answer = null;
        if (string.IsNullOrWhiteSpace(content))
        {
            return false;
        }

        var start = content.IndexOf('{', StringComparison.Ordinal);
        var end = content.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return false;
        }

        LlmScriptAnswer? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(content.AsSpan(start, end - start + 1), LlmJsonContext.Default.LlmScriptAnswer);
        }
        catch (JsonException)
        {
            return false;
        }

        if (parsed is null || string.IsNullOrWhiteSpace(parsed.Script))
        {
            return false;
        }

        parsed.Title = parsed.Title?.Trim();
        parsed.Description = parsed.Description?.Trim();
        parsed.Script = parsed.Script.Trim();
        answer = parsed;
        return true;
    }
}
