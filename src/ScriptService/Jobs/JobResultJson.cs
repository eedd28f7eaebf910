using System.Globalization;
using System.Text.Json;

namespace ScriptService.Jobs;

/// <summary>A <see cref="JobResult"/> as the store's JSON text.</summary>
/// <remarks>
/// Versions before this one stored the <c>scriptResult</c> payload itself (<c>{job_id, status, data, error,
/// timestamp}</c>). Such a row is read as the result it describes, so a database written by them is served as it
/// was (its replays and GETs are the same bytes) without a migration rewriting every finished job.
/// </remarks>
internal static class JobResultJson
{
    public static string Serialize(JobResult result) => JsonSerializer.Serialize(result, JobsJsonContext.Default.JobResult);

    /// <summary>Reads a stored result, of this version or an earlier one; a text that is neither throws <see cref="JsonException"/>.</summary>
    public static JobResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("job_id", out _))
        {
            return ParseLegacy(root);
        }

        return root.Deserialize(JobsJsonContext.Default.JobResult) ?? throw new JsonException("A stored job result is null.");
    }

    private static JobResult ParseLegacy(JsonElement message)
    {
        JobScript? script = null;
        if (message.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            script = new JobScript(
                RequiredString(data, "scriptId"),
                RequiredString(data, "topic"),
                RequiredString(data, "title"),
                RequiredString(data, "description"),
                RequiredString(data, "script"));
        }

        var error = message.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var timestamp = DateTimeOffset.Parse(RequiredString(message, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new JobResult(script, error, timestamp);
    }

    private static string RequiredString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"A stored job result has no string '{name}'.");
}
