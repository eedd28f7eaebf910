using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Protocol;

/// <summary>
/// Turns byte arrays anywhere in an argument into <c>{"_placeholder":true,"num":N}</c> and back. Serialization runs
/// synchronously, so the attachments of the packet being written or read travel in a thread-static slot.
/// </summary>
internal sealed class BinaryAttachments : JsonConverter<byte[]>
{
    /// <summary>Where the placeholders of the packet being written on this thread count their attachments.</summary>
    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? t_writing;

    [ThreadStatic]
    private static IReadOnlyList<ReadOnlyMemory<byte>>? t_reading;

    public static readonly BinaryAttachments Converter = new();

    /// <summary>
    /// Collects the attachments of a packet written on this thread into <paramref name="attachments"/> until
    /// <see cref="EndCollect"/>, which the caller calls in a <c>finally</c> with what this returns: a packet encoded
    /// while another is being written (by a converter) collects its own, then gives the outer one back its list.
    /// </summary>
    public static List<ReadOnlyMemory<byte>>? BeginCollect(List<ReadOnlyMemory<byte>> attachments)
    {
        var previous = t_writing;
        t_writing = attachments;
        return previous;
    }

    public static void EndCollect(List<ReadOnlyMemory<byte>>? previous) => t_writing = previous;

    /// <summary>
    /// Makes <paramref name="attachments"/> the source of placeholders on this thread until <see cref="EndResolve"/>,
    /// which the caller calls in a <c>finally</c> with what this returns.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>>? BeginResolve(IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var previous = t_reading;
        t_reading = attachments;
        return previous;
    }

    public static void EndResolve(IReadOnlyList<ReadOnlyMemory<byte>>? previous) => t_reading = previous;

    /// <summary>Writes a placeholder for <paramref name="data"/> into the current packet, or base64 outside one.</summary>
    public static void WritePlaceholder(Utf8JsonWriter writer, ReadOnlyMemory<byte> data)
    {
        var attachments = t_writing;
        if (attachments is null)
        {
            writer.WriteBase64StringValue(data.Span);
            return;
        }

        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder", true);
        writer.WriteNumber("num", attachments.Count);
        writer.WriteEndObject();
        attachments.Add(data);
    }

    /// <summary>True if <paramref name="element"/> is a placeholder; gives its attachment index.</summary>
    public static bool TryGetPlaceholder(JsonElement element, out int index)
    {
        index = -1;
        return element.ValueKind == JsonValueKind.Object
            && TryGetProperty(element, "_placeholder"u8, out var flag, out _) && flag.ValueKind == JsonValueKind.True
            && TryGetProperty(element, "num"u8, out var num, out _)
            && num.ValueKind == JsonValueKind.Number && num.TryGetInt32(out index) && index >= 0;
    }

    /// <summary>
    /// <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/>, which throws when a property name of
    /// the object is escaped into no valid text (a lone surrogate such as <c>"\ud800"</c>): such an object is
    /// <paramref name="unreadable"/>, and has no placeholder.
    /// </summary>
    private static bool TryGetProperty(JsonElement element, ReadOnlySpan<byte> name, out JsonElement value, out bool unreadable)
    {
        try
        {
            unreadable = false;
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            unreadable = true;
            value = default;
            return false;
        }
    }

    /// <summary>
    /// True if every placeholder in <paramref name="element"/> points at one of <paramref name="count"/> attachments;
    /// a packet that refers to an attachment it did not announce is malformed.
    /// </summary>
    public static bool PlaceholdersFit(JsonElement element, int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!PlaceholdersFit(item, count))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                if (TryGetProperty(element, "_placeholder"u8, out _, out var unreadable))
                {
                    return TryGetPlaceholder(element, out var index) && index < count;
                }

                if (unreadable)
                {
                    // Whether it is a placeholder cannot be told: malformed.
                    return false;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!PlaceholdersFit(property.Value, count))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetBytesFromBase64();
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    var attachments = t_reading;
                    if (attachments is not null && TryGetPlaceholder(document.RootElement, out var index) && index < attachments.Count)
                    {
                        return attachments[index].ToArray();
                    }
                }

                throw new JsonException("Expected a binary attachment placeholder.");
            default:
                throw new JsonException("Expected binary data.");
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => WritePlaceholder(writer, value);
}
