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
    /// What a thread keeps of its JSON buffer between packets. Typical packets need a few hundred bytes; a thread that
    /// once wrote a bigger one lets that buffer go rather than hold it for as long as the thread lives.
    /// </summary>
    internal const int MaxRetainedBufferBytes = 64 * 1024;

    /// <summary>The same for the attachment list (16 bytes a slot); a packet rarely has more than a few.</summary>
    private const int MaxRetainedAttachments = 1024;

    /// <summary>Utf8JsonWriter asks for 256 bytes at its first write: a smaller start only means a regrowth.</summary>
    private const int InitialBufferBytes = 256;

    /// <summary>
    /// This thread's JSON buffer, reused by every packet it encodes (serialization is synchronous). It is out of the
    /// slot while a packet is being written, so a packet encoded from inside another one's serialization (a converter
    /// that emits) gets a buffer of its own instead of writing into the outer packet's.
    /// </summary>
    [ThreadStatic]
    private static JsonBuffer? t_buffer;

    /// <summary>The capacity this thread keeps for the next packet (0 when none); for tests.</summary>
    internal static int RetainedBufferCapacity => t_buffer?.Output.Capacity ?? 0;

    /// <summary>How many attachments this thread still refers to between packets (always 0); for tests.</summary>
    internal static int RetainedAttachmentCount => t_buffer?.Attachments.Count ?? 0;

    /// <summary>
    /// Encodes an EVENT (or BINARY_EVENT) with <paramref name="eventName"/> first, or an ACK (or BINARY_ACK) when the
    /// name is null. Byte arrays anywhere in the arguments become attachments.
    /// </summary>
    public static SocketIoPacket Encode(string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options)
    {
        var text = EncodeText(nsp, ackId, eventName, args, options, out var attachments);
        return new SocketIoPacket(text, attachments ?? []) { EventName = eventName, EventArguments = args };
    }

    /// <summary>
    /// Encodes as <see cref="Encode"/> does, without the packet object: the text in an array of exactly its length,
    /// and the attachments in an array of exactly their number, or null when there are none (the usual case, which
    /// then allocates only the text).
    /// </summary>
    public static byte[] EncodeText(string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options, out ReadOnlyMemory<byte>[]? attachments)
    {
        var buffer = RentBuffer();
        try
        {
            var writer = buffer.Writer;
            var previous = BinaryAttachments.BeginCollect(buffer.Attachments);
            try
            {
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
                writer.Flush();
            }
            finally
            {
                BinaryAttachments.EndCollect(previous);
            }

            var count = buffer.Attachments.Count;
            attachments = count == 0 ? null : [.. buffer.Attachments];
            var isEvent = eventName is not null;
            var type = count > 0
                ? (isEvent ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck)
                : (isEvent ? SocketPacketType.Event : SocketPacketType.Ack);
            return Assemble(type, count, nsp, ackId, buffer.Output.WrittenSpan);
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>Encodes a CONNECT answer, CONNECT_ERROR or DISCONNECT with an optional JSON payload.</summary>
    public static byte[] EncodeControl(SocketPacketType type, string nsp, Action<Utf8JsonWriter>? payload)
    {
        if (payload is null)
        {
            return Assemble(type, 0, nsp, -1, []);
        }

        var buffer = RentBuffer();
        try
        {
            payload(buffer.Writer);
            buffer.Writer.Flush();
            return Assemble(type, 0, nsp, -1, buffer.Output.WrittenSpan);
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    private static JsonBuffer RentBuffer()
    {
        var buffer = t_buffer;
        if (buffer is null)
        {
            return new JsonBuffer();
        }

        t_buffer = null;
        // Reset here rather than on return: a packet whose serialization threw may have left the writer mid-array.
        buffer.Output.ResetWrittenCount();
        buffer.Writer.Reset();
        return buffer;
    }

    private static void ReturnBuffer(JsonBuffer buffer)
    {
        // The thread must not keep the application's byte arrays alive until its next packet.
        buffer.Attachments.Clear();
        // Nothing to dispose in a writer over a buffer writer: one that is too big is simply left to the GC.
        if (buffer.Output.Capacity <= MaxRetainedBufferBytes && buffer.Attachments.Capacity <= MaxRetainedAttachments)
        {
            t_buffer = buffer;
        }
    }

    /// <summary>
    /// Copies <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;ackId&gt;]</c> and the JSON into one array of exactly their
    /// length, which the packet then owns (it may be queued for many connections).
    /// </summary>
    private static byte[] Assemble(SocketPacketType type, int attachments, string nsp, long ackId, ReadOnlySpan<byte> json)
    {
        var isDefaultNamespace = nsp == "/";
        var length = 1 + json.Length;
        if (attachments > 0)
        {
            length += CountDigits((ulong)attachments) + 1;
        }

        if (!isDefaultNamespace)
        {
            length += Encoding.UTF8.GetByteCount(nsp) + 1;
        }

        if (ackId >= 0)
        {
            length += CountDigits((ulong)ackId);
        }

        var packet = GC.AllocateUninitializedArray<byte>(length);
        var span = packet.AsSpan();
        span[0] = (byte)('0' + (int)type);
        var position = 1;
        if (attachments > 0)
        {
            Utf8Formatter.TryFormat(attachments, span[position..], out var written);
            position += written;
            span[position++] = (byte)'-';
        }

        if (!isDefaultNamespace)
        {
            position += Encoding.UTF8.GetBytes(nsp, span[position..]);
            span[position++] = (byte)',';
        }

        if (ackId >= 0)
        {
            Utf8Formatter.TryFormat(ackId, span[position..], out var written);
            position += written;
        }

        json.CopyTo(span[position..]);
        return packet;
    }

    /// <summary>The decimal digits of <paramref name="value"/>.</summary>
    internal static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
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

    /// <summary>A buffer, the writer over it and an attachment list, kept together so that reusing them allocates nothing.</summary>
    private sealed class JsonBuffer
    {
        public JsonBuffer()
        {
            Output = new ArrayBufferWriter<byte>(InitialBufferBytes);
            Writer = new Utf8JsonWriter(Output, _writerOptions);
        }

        public ArrayBufferWriter<byte> Output { get; }

        public Utf8JsonWriter Writer { get; }

        public List<ReadOnlyMemory<byte>> Attachments { get; } = [];
    }
}
