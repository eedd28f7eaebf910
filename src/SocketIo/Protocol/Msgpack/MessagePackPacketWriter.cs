using System.Buffers;
using System.Text.Json;
using MessagePack;
using SocketIo.Adapters;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// Writes a packet (in the default parser's form: text and attachments) as <c>socket.io-msgpack-parser</c> sends it:
/// the packet object <c>{type, data, id, nsp}</c> in MessagePack as notepack.io writes it, the JSON values as the
/// JavaScript values they stand for and each attachment inline as <c>bin</c> where its placeholder was.
/// </summary>
/// <remarks>
/// The properties go in the order Node's server gives its packets (type, data, id, nsp); a decoder reads them in any
/// order. Binary events and acks are plain EVENT (2) and ACK (3), as the MessagePack parser knows no other.
/// </remarks>
internal static class MessagePackPacketWriter
{
    /// <summary>Encodes a shared packet; a cached delegate, so that handing it to the packet allocates nothing.</summary>
    public static readonly Func<SocketIoPacket, byte[]> EncodePacket = static packet => Encode(packet.Text, packet.Attachments);

    /// <summary>This thread's output buffer; out of the slot while a packet is written, as in <see cref="SocketPacketWriter"/>.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Encodes one packet into an array of exactly its length, which the caller then owns.</summary>
    /// <param name="text">The packet's text, as <see cref="SocketPacketWriter"/> wrote it.</param>
    /// <param name="attachments">Its attachments, in placeholder order.</param>
    public static byte[] Encode(ReadOnlyMemory<byte> text, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (!SocketPacketReader.TryReadHeader(text.Span, int.MaxValue, out var header))
        {
            // Only packets this library (or an adapter shipping them) encoded come here.
            throw new InvalidOperationException("The packet is not a Socket.IO packet.");
        }

        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        buffer.ResetWrittenCount();
        try
        {
            var payload = text[header.PayloadStart..];
            var writer = new MessagePackWriter(buffer);
            var hasData = !payload.IsEmpty;
            var hasId = header.AckId >= 0;
            writer.WriteMapHeader(2 + (hasData ? 1 : 0) + (hasId ? 1 : 0));
            writer.WriteString("type"u8);
            writer.Write(WireType(header.Type));
            if (hasData)
            {
                writer.WriteString("data"u8);
                using var document = JsonDocument.Parse(payload);
                Notepack.WriteJson(ref writer, document.RootElement, attachments);
            }

            if (hasId)
            {
                writer.WriteString("id"u8);
                writer.Write(header.AckId);
            }

            writer.WriteString("nsp"u8);
            writer.WriteString(header.Namespace.Start.Value == header.Namespace.End.Value ? "/"u8 : text.Span[header.Namespace]);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= SocketPacketWriter.MaxRetainedBufferBytes)
            {
                t_buffer = buffer;
            }
        }
    }

    /// <summary>
    /// Encodes an EVENT (<paramref name="eventName"/> first) or an ACK (no name) for one connection straight from its
    /// arguments, as <see cref="Encode"/> would from the default parser's text, without that text: strings, numbers,
    /// booleans, binary and <see cref="JsonElement"/>s go to MessagePack directly, and only other objects go through
    /// their JSON (their type info, as in the default parser), byte arrays inside them becoming <c>bin</c>.
    /// </summary>
    public static byte[] EncodeEvent(string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        buffer.ResetWrittenCount();
        try
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(ackId >= 0 ? 4 : 3);
            writer.WriteString("type"u8);
            writer.Write((int)(eventName is null ? SocketPacketType.Ack : SocketPacketType.Event));
            writer.WriteString("data"u8);
            writer.WriteArrayHeader(args.Length + (eventName is null ? 0 : 1));
            if (eventName is not null)
            {
                writer.Write(eventName);
            }

            foreach (var arg in args)
            {
                WriteArgument(ref writer, arg, options);
            }

            if (ackId >= 0)
            {
                writer.WriteString("id"u8);
                writer.Write(ackId);
            }

            writer.WriteString("nsp"u8);
            writer.Write(nsp);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= SocketPacketWriter.MaxRetainedBufferBytes)
            {
                t_buffer = buffer;
            }
        }
    }

    /// <summary>One argument, as <see cref="SocketPacketWriter.WriteArgument"/> writes it in JSON and notepack then in MessagePack.</summary>
    private static void WriteArgument(ref MessagePackWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case byte[] bytes:
                writer.Write(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                writer.Write(memory.Span);
                break;
            case Memory<byte> memory:
                writer.Write(memory.Span);
                break;
            case ArraySegment<byte> segment:
                writer.Write(segment.AsSpan());
                break;
            case JsonElement element:
                Notepack.WriteJson(ref writer, element, []);
                break;
            case string text:
                writer.Write(text);
                break;
            case bool flag:
                writer.Write(flag);
                break;
            case int number:
                writer.Write(number);
                break;
            case long number:
                writer.Write(number);
                break;
            case double number when double.IsFinite(number):
                // As JavaScript holds it: an integral double is an integer to notepack.
                if (Math.Floor(number) == number && number >= long.MinValue && number < 9.2233720368547758E18)
                {
                    writer.Write((long)number);
                }
                else
                {
                    writer.Write(number);
                }

                break;
            default:
                WriteThroughJson(ref writer, value, options);
                break;
        }
    }

    /// <summary>An object through its JSON type info; byte arrays in it are collected as the default parser collects them.</summary>
    private static void WriteThroughJson(ref MessagePackWriter writer, object value, JsonSerializerOptions options)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        byte[] json;
        var previous = BinaryAttachments.BeginCollect(attachments);
        try
        {
            // Type info from the configured resolvers (source-generated contexts first), so this stays trimmable.
            json = JsonSerializer.SerializeToUtf8Bytes(value, options.GetTypeInfo(value.GetType()));
        }
        finally
        {
            BinaryAttachments.EndCollect(previous);
        }

        using var document = JsonDocument.Parse(json);
        Notepack.WriteJson(ref writer, document.RootElement, attachments);
    }

    /// <summary>The MessagePack parser's packet types: 0 to 4, binary or not.</summary>
    private static int WireType(SocketPacketType type) => type switch
    {
        SocketPacketType.BinaryEvent => (int)SocketPacketType.Event,
        SocketPacketType.BinaryAck => (int)SocketPacketType.Ack,
        _ => (int)type,
    };
}
