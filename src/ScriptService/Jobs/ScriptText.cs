using System.Runtime.CompilerServices;
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
    // A box, so that the encoded text is published whole with one reference write.
    private StrongBox<JsonEncodedText>? _relaxed;

    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>
    /// The text as a JSON string escaped by <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>: made on first
    /// use, then shared by every writer that escapes the same way.
    /// </summary>
    public JsonEncodedText RelaxedJson
    {
        get
        {
            if (Volatile.Read(ref _relaxed) is { } made)
            {
                return made.Value;
            }

            // Two writers at once may both make it: they make the same text, and the first is kept.
            var encoded = new StrongBox<JsonEncodedText>(JsonEncodedText.Encode(Value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
            return (Interlocked.CompareExchange(ref _relaxed, encoded, null) ?? encoded).Value;
        }
    }

    public bool Equals(ScriptText? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ScriptText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
