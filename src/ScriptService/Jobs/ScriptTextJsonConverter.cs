using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptService.Jobs;

/// <summary>
/// Reads a <see cref="ScriptText"/> from a JSON string and writes it as one: from the JSON form it keeps when the writer
/// escapes as that form does (the job store's and the Socket.IO packets' writers), otherwise from its text, so that
/// every writer's output is what it would be for a plain string.
/// </summary>
internal sealed class ScriptTextJsonConverter : JsonConverter<ScriptText>
{
    public override ScriptText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new ScriptText(reader.GetString()!)
            : throw new JsonException($"A script's text must be a JSON string, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, ScriptText value, JsonSerializerOptions options)
    {
        if (ReferenceEquals(writer.Options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))
        {
            writer.WriteStringValue(value.RelaxedJson);
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
