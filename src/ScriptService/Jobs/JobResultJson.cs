using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ScriptService.Jobs;

/// <summary>A <see cref="JobResult"/> as the store's JSON text.</summary>
/// <remarks>
/// <para>
/// Versions before this one stored the <c>scriptResult</c> payload itself (<c>{job_id, status, data, error,
/// timestamp}</c>). Such a row is read as the result it describes, so a database written by them is served as it
/// was (its replays and GETs are the same bytes) without a migration rewriting every finished job.
/// </para>
/// <para>
/// The text escapes only what JSON requires, as <c>JSON.stringify</c> does: a script in Vietnamese is stored as its
/// UTF-8 text rather than as a <c>\uXXXX</c> escape per letter, which costs time to write and room to store. The
/// stored text is only ever parsed (never served or embedded as it is), so both forms read the same, and rows written
/// with every letter escaped by earlier versions stay as they are.
/// </para>
/// </remarks>
internal static class JobResultJson
{
    private static readonly JsonTypeInfo<JobResult> _stored = (JsonTypeInfo<JobResult>)new JsonSerializerOptions(JobsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(JobResult));

    public static string Serialize(JobResult result) => JsonSerializer.Serialize(result, _stored);

    /// <summary>As <see cref="Serialize"/>, as UTF-8: what the serializer writes, without the string made of it.</summary>
    public static byte[] SerializeToUtf8(JobResult result) => JsonSerializer.SerializeToUtf8Bytes(result, _stored);

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
                new ScriptText(RequiredString(data, "script")));
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
