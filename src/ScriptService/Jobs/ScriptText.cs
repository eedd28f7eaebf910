using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptService.Jobs;

/// <summary>
/// A generated script's text, which keeps its JSON form once made: a finished job's text is written twice, into the
/// stored result and into the <c>scriptResult</c> packet, with the same relaxed escaping, and escaping and transcoding
/// a few kilobytes of text is most of the work of both.
/// </summary>
/// <remarks>Equal by its text, as the string it replaces was; the JSON form it keeps is made from the text alone.</remarks>
[JsonConverter(typeof(ScriptTextJsonConverter))]
internal sealed class ScriptText(string value) : IEquatable<ScriptText>
{
    private byte[]? _relaxedJson;

    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>
    /// The text as a JSON string (quotes included) escaped by <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>,
    /// in UTF-8: made on first use, then shared by every writer that escapes the same way.
    /// </summary>
    public ReadOnlySpan<byte> RelaxedJson
    {
        get
        {
            if (Volatile.Read(ref _relaxedJson) is { } made)
            {
                return made;
            }

            // Two writers at once may both make it: they make the same bytes, and the first is kept.
            var escaped = JsonEncodedText.Encode(Value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
            var json = new byte[escaped.Length + 2];
            json[0] = (byte)'"';
            escaped.CopyTo(json.AsSpan(1));
            json[^1] = (byte)'"';
            return Interlocked.CompareExchange(ref _relaxedJson, json, null) ?? json;
        }
    }

    public bool Equals(ScriptText? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ScriptText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
