using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocketIo.Adapters;

namespace SocketIo.Protocol;

/// <summary>Encodes outbound Socket.IO packets.</summary>
internal static class SocketPacketWriter
{
    /// <summary>
    /// Escapes only what JSON requires, as <c>JSON.stringify</c> does: non-ASCII text and &lt;, &gt;, &amp; go as they
    /// are, so the bytes match the reference server's (the packets are never embedded in HTML).
    /// </summary>
    private static readonly JsonWriterOptions _writerOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Encodes an EVENT (or BINARY_EVENT) with <paramref name="eventName"/> first, or an ACK (or BINARY_ACK) when the
    /// name is null. Byte arrays anywhere in the arguments become attachments.
    /// </summary>
    public static SocketIoPacket Encode(string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        // Utf8JsonWriter asks for 256 bytes at its first write: a smaller start only means a regrowth.
        var json = new ArrayBufferWriter<byte>(256);
        var state = new WriteState(json, eventName, args, options);
        BinaryAttachments.Collect(attachments, static s => ((WriteState)s!).WritePayload(), state);

        var isEvent = eventName is not null;
        var type = attachments.Count > 0
            ? (isEvent ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck)
            : (isEvent ? SocketPacketType.Event : SocketPacketType.Ack);
        var text = new ArrayBufferWriter<byte>(json.WrittenCount + nsp.Length + 16);
        WriteHeader(text, type, attachments.Count, nsp, ackId);
        text.Write(json.WrittenSpan);
        return new SocketIoPacket(text.WrittenMemory, attachments) { EventName = eventName, EventArguments = args };
    }

    /// <summary>Encodes a CONNECT answer, CONNECT_ERROR or DISCONNECT with an optional JSON payload.</summary>
    public static byte[] EncodeControl(SocketPacketType type, string nsp, Action<Utf8JsonWriter>? payload)
    {
        var text = new ArrayBufferWriter<byte>(64);
        WriteHeader(text, type, 0, nsp, -1);
        if (payload is not null)
        {
            using var writer = new Utf8JsonWriter(text, _writerOptions);
            payload(writer);
        }

        return text.WrittenSpan.ToArray();
    }

    private static void WriteHeader(ArrayBufferWriter<byte> output, SocketPacketType type, int attachments, string nsp, long ackId)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)('0' + (int)type);
        output.Advance(1);
        if (attachments > 0)
        {
            WriteNumber(output, attachments);
            output.GetSpan(1)[0] = (byte)'-';
            output.Advance(1);
        }

        if (nsp != "/")
        {
            var length = Encoding.UTF8.GetByteCount(nsp);
            var written = Encoding.UTF8.GetBytes(nsp, output.GetSpan(length + 1));
            output.Advance(written);
            output.GetSpan(1)[0] = (byte)',';
            output.Advance(1);
        }

        if (ackId >= 0)
        {
            WriteNumber(output, ackId);
        }
    }

    private static void WriteNumber(ArrayBufferWriter<byte> output, long value)
    {
        Utf8Formatter.TryFormat(value, output.GetSpan(20), out var written);
        output.Advance(written);
    }

    /// <summary>Writes one argument: binary as a placeholder, JSON elements as they are, anything else through its type info.</summary>
    public static void WriteArgument(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case byte[] bytes:
                BinaryAttachments.WritePlaceholder(writer, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                BinaryAttachments.WritePlaceholder(writer, memory);
                break;
            case Memory<byte> memory:
                BinaryAttachments.WritePlaceholder(writer, memory);
                break;
            case ArraySegment<byte> segment:
                BinaryAttachments.WritePlaceholder(writer, segment);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            default:
                // Type info comes from the configured resolvers (source-generated contexts first), so this stays trimmable.
                JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private sealed class WriteState(ArrayBufferWriter<byte> json, string? eventName, object?[] args, JsonSerializerOptions options)
    {
        public void WritePayload()
        {
            using var writer = new Utf8JsonWriter(json, _writerOptions);
            writer.WriteStartArray();
            if (eventName is not null)
            {
                writer.WriteStringValue(eventName);
            }

            foreach (var arg in args)
            {
                WriteArgument(writer, arg, options);
            }

            writer.WriteEndArray();
        }
    }
}
