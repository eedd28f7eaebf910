using System.Text.Json;
using ScriptService.Generation;
using ScriptService.Jobs;

namespace ScriptService.Api;

/// <summary>
/// Reads the body of <c>POST /api/scripts</c> field by field, so that every problem gets its own message (a wrong
/// type, a missing topic, an unknown language) instead of one serializer error.
/// </summary>
internal static class ScriptRequestParser
{
    public const int MaxTopicLength = 500;
    public const int MaxLabelLength = 100;
    public const int MaxUserIdLength = 128;
    public const int MaxSources = 20;
    public const int MaxSourceLength = 2000;

    private static readonly string[] _languages = ["vi", "en"];

    /// <summary>Validates the body; returns the request, or the errors by field (JSON property name).</summary>
    public static ScriptRequest? Parse(JsonElement body, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The body must be a JSON object."];
            return null;
        }

        if (!HasReadableNames(body))
        {
            errors["$"] = ["Property names must be valid Unicode text."];
            return null;
        }

        string jobId;
        if (body.TryGetProperty("jobId", out var jobIdValue) && jobIdValue.ValueKind != JsonValueKind.Null)
        {
            if (!JobId.TryValidate(jobIdValue, out jobId, out var error))
            {
                errors["jobId"] = [error];
            }
        }
        else
        {
            jobId = JobId.New();
        }

        var topic = ReadString(body, "topic", MaxTopicLength, required: true, errors);
        var userId = ReadString(body, "userId", MaxUserIdLength, required: false, errors);
        var audience = ReadString(body, "audience", MaxLabelLength, required: false, errors);
        var style = ReadString(body, "style", MaxLabelLength, required: false, errors);
        var language = ReadString(body, "language", 8, required: false, errors) ?? "vi";
        if (!errors.ContainsKey("language") && Array.IndexOf(_languages, language) < 0)
        {
            errors["language"] = [$"language must be one of: {string.Join(", ", _languages)}."];
        }

        var lengthText = ReadString(body, "length", 16, required: false, errors) ?? "medium";
        ScriptLength length = default;
        if (!errors.ContainsKey("length") && !TryParseLength(lengthText, out length))
        {
            errors["length"] = ["length must be one of: short, medium, long."];
        }

        var sources = ReadSources(body, errors);
        return errors.Count > 0
            ? null
            : new ScriptRequest(jobId, userId, topic!, audience, style, sources, language, length);
    }

    private static string? ReadString(JsonElement body, string name, int maxLength, bool required, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors[name] = [$"{name} is required."];
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"{name} must be a string."];
            return null;
        }

        if (!JsonText.TryGetString(value, out var raw))
        {
            errors[name] = [$"{name} must be valid Unicode text, without a lone surrogate."];
            return null;
        }

        var text = raw.Trim();
        if (required && text.Length == 0)
        {
            errors[name] = [$"{name} must not be empty."];
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[name] = [$"{name} must be at most {maxLength} characters."];
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static string[] ReadSources(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("sources", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors["sources"] = ["sources must be an array of strings."];
            return [];
        }

        if (value.GetArrayLength() > MaxSources)
        {
            errors["sources"] = [$"sources may hold at most {MaxSources} items."];
            return [];
        }

        var sources = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors["sources"] = ["sources must be an array of strings."];
                return [];
            }

            if (!JsonText.TryGetString(item, out var raw))
            {
                errors["sources"] = ["each source must be valid Unicode text, without a lone surrogate."];
                return [];
            }

            var text = raw.Trim();
            if (text.Length > MaxSourceLength)
            {
                errors["sources"] = [$"each source must be at most {MaxSourceLength} characters."];
                return [];
            }

            if (text.Length > 0)
            {
                sources.Add(text);
            }
        }

        return [.. sources];
    }

    /// <summary>
    /// False when a property name is escaped into no valid text (a lone surrogate such as <c>"\ud800"</c>): looking up
    /// any property of the object would throw, since the lookup unescapes every name it compares.
    /// </summary>
    private static bool HasReadableNames(JsonElement body)
    {
        try
        {
            foreach (var property in body.EnumerateObject())
            {
                _ = property.Name;
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryParseLength(string text, out ScriptLength length)
    {
        switch (text)
        {
            case "short":
                length = ScriptLength.Short;
                return true;
            case "medium":
                length = ScriptLength.Medium;
                return true;
            case "long":
                length = ScriptLength.Long;
                return true;
            default:
                length = default;
                return false;
        }
    }
}
