using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;
using SocketIo.Adapters;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// The MessagePack messages of Node's adapter: broadcasts (<c>[uid, packet, {rooms, except, flags}]</c>), broadcast
/// requests with acknowledgements (type 7) and the acknowledgements relayed back (type 9). Every other request and
/// response is JSON (<see cref="RedisRequestWriter"/>); one that arrives as MessagePack is read by converting it to JSON.
/// </summary>
internal static class RedisMessageCodec
{
    private static readonly JsonWriterOptions _jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Socket.IO's EVENT type, which Node's broadcasts carry whether or not the data holds binary.</summary>
    private const int EventType = 2;

    private const int BinaryEventType = 5;

    public static byte[] EncodeBroadcast(string uid, string nsp, SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(packet.Text.Length + 64);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(uid);
        WritePacket(ref writer, nsp, packet);
        WriteOptions(ref writer, options, timeout: null);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A BROADCAST request: <c>{uid, requestId, type: 7, packet, opts}</c>.</summary>
    public static byte[] EncodeBroadcastRequest(string uid, string requestId, string nsp, SocketIoPacket packet, SocketIoBroadcastOptions options, TimeSpan timeout)
    {
        var buffer = new ArrayBufferWriter<byte>(packet.Text.Length + 96);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(5);
        writer.Write("uid");
        writer.Write(uid);
        writer.Write("requestId");
        writer.Write(requestId);
        writer.Write("type");
        writer.Write((int)RequestType.Broadcast);
        writer.Write("packet");
        WritePacket(ref writer, nsp, packet);
        writer.Write("opts");
        WriteOptions(ref writer, options, timeout);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A BROADCAST_ACK response: <c>{type: 9, requestId, packet}</c>, the packet being the client's first answer
    /// argument; with none, notepack leaves the undefined property out.
    /// </summary>
    public static byte[] EncodeBroadcastAck(string requestId, SocketIoAckResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        var hasValue = response.Count > 0;
        writer.WriteMapHeader(hasValue ? 3 : 2);
        writer.Write("type");
        writer.Write((int)RequestType.BroadcastAck);
        writer.Write("requestId");
        writer.Write(requestId);
        if (hasValue)
        {
            writer.Write("packet");
            Notepack.WriteJson(ref writer, response[0], response.Attachments);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{type: 2, data, nsp}</c>, in the order Node builds it.</summary>
    private static void WritePacket(ref MessagePackWriter writer, string nsp, SocketIoPacket packet)
    {
        var text = packet.Text.Span;
        if (!SocketPacketReader.TryReadHeader(text, int.MaxValue, out var header))
        {
            throw new ArgumentException("The packet's header is malformed.", nameof(packet));
        }

        using var data = JsonDocument.Parse(packet.Text[header.PayloadStart..]);
        writer.WriteMapHeader(3);
        writer.Write("type");
        writer.Write(EventType);
        writer.Write("data");
        Notepack.WriteJson(ref writer, data.RootElement, packet.Attachments);
        writer.Write("nsp");
        writer.Write(nsp);
    }

    private static void WriteOptions(ref MessagePackWriter writer, SocketIoBroadcastOptions options, TimeSpan? timeout)
    {
        writer.WriteMapHeader(3);
        writer.Write("rooms");
        WriteRooms(ref writer, options.Rooms);
        writer.Write("except");
        WriteRooms(ref writer, options.Except);
        writer.Write("flags");
        var flags = (options.Compress ? 0 : 1) + (options.Volatile ? 1 : 0) + (timeout is null ? 0 : 1);
        writer.WriteMapHeader(flags);
        if (!options.Compress)
        {
            writer.Write("compress");
            writer.Write(false);
        }

        if (options.Volatile)
        {
            writer.Write("volatile");
            writer.Write(true);
        }

        if (timeout is { } value)
        {
            writer.Write("timeout");
            writer.Write((long)value.TotalMilliseconds);
        }
    }

    private static void WriteRooms(ref MessagePackWriter writer, IReadOnlySet<string> rooms)
    {
        writer.WriteArrayHeader(rooms.Count);
        foreach (var room in rooms)
        {
            writer.Write(room);
        }
    }

    /// <summary>
    /// Reads a broadcast. Null when it is this server's own (<paramref name="ownUid"/>), for another namespace, or not an
    /// event; the uid is compared before anything else is decoded, since every server receives its own broadcasts.
    /// </summary>
    /// <exception cref="InvalidDataException">The message is malformed.</exception>
    public static RemoteBroadcast? DecodeBroadcast(ReadOnlyMemory<byte> message, string ownUid, string nsp)
    {
        try
        {
            var reader = new MessagePackReader(message);
            if (reader.ReadArrayHeader() < 3)
            {
                throw new InvalidDataException("A broadcast is an array of three.");
            }

            var uid = ReadString(ref reader);
            if (uid == ownUid)
            {
                return null;
            }

            var type = -1;
            var packetNsp = "/";
            ReadOnlyMemory<byte> data = default;
            var attachments = new List<ReadOnlyMemory<byte>>();
            if (reader.TryReadNil())
            {
                return null;
            }

            var fields = reader.ReadMapHeader();
            for (var i = 0; i < fields; i++)
            {
                switch (ReadString(ref reader))
                {
                    case "type":
                        type = reader.ReadInt32();
                        break;
                    case "nsp":
                        packetNsp = ReadString(ref reader);
                        break;
                    case "data":
                        data = ToJson(ref reader, attachments);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (packetNsp != nsp || type is not (EventType or BinaryEventType) || data.IsEmpty)
            {
                return null;
            }

            var (options, timeout) = ReadOptions(ref reader);
            return new RemoteBroadcast
            {
                Uid = uid,
                Namespace = nsp,
                Data = data,
                Attachments = attachments,
                Options = options,
                Timeout = timeout,
            };
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new InvalidDataException("Malformed broadcast.", ex);
        }
    }

    /// <summary>Reads <c>{rooms, except, flags}</c>; the rooms of a broadcast from Node may be numbers, which become their text.</summary>
    public static (SocketIoBroadcastOptions Options, TimeSpan? Timeout) ReadOptions(ref MessagePackReader reader)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        var except = new HashSet<string>(StringComparer.Ordinal);
        bool isVolatile = false, compress = true, local = false;
        TimeSpan? timeout = null;
        if (reader.TryReadNil())
        {
            return (new SocketIoBroadcastOptions(rooms, except, false, false), null);
        }

        var fields = reader.ReadMapHeader();
        for (var i = 0; i < fields; i++)
        {
            switch (ReadString(ref reader))
            {
                case "rooms":
                    ReadRooms(ref reader, rooms);
                    break;
                case "except":
                    ReadRooms(ref reader, except);
                    break;
                case "flags":
                    if (reader.TryReadNil())
                    {
                        break;
                    }

                    var flags = reader.ReadMapHeader();
                    for (var j = 0; j < flags; j++)
                    {
                        switch (ReadString(ref reader))
                        {
                            case "volatile":
                                isVolatile = ReadFlag(ref reader);
                                break;
                            case "compress":
                                // Only an explicit false turns compression off, as in Node.
                                compress = reader.NextMessagePackType != MessagePackType.Boolean ? SkipAndTrue(ref reader) : reader.ReadBoolean();
                                break;
                            case "local":
                                local = ReadFlag(ref reader);
                                break;
                            case "timeout":
                                if (reader.NextMessagePackType is MessagePackType.Integer or MessagePackType.Float)
                                {
                                    timeout = TimeSpan.FromMilliseconds(Math.Clamp(reader.ReadDouble(), 0, int.MaxValue));
                                }
                                else
                                {
                                    reader.Skip();
                                }

                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (new SocketIoBroadcastOptions(rooms, except, isVolatile, local, compress), timeout);
    }

    private static bool SkipAndTrue(ref MessagePackReader reader)
    {
        reader.Skip();
        return true;
    }

    private static bool ReadFlag(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Boolean)
        {
            return reader.ReadBoolean();
        }

        reader.Skip();
        return false;
    }

    private static void ReadRooms(ref MessagePackReader reader, HashSet<string> rooms)
    {
        if (reader.TryReadNil())
        {
            return;
        }

        var count = reader.ReadArrayHeader();
        for (var i = 0; i < count; i++)
        {
            rooms.Add(ReadString(ref reader));
        }
    }

    /// <summary>A string, or a number as JavaScript prints it (Node allows numeric room names).</summary>
    private static string ReadString(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString()!,
        MessagePackType.Integer => JsNumber.Format(reader.ReadDouble()),
        MessagePackType.Float => JsNumber.Format(reader.ReadDouble()),
        _ => throw new InvalidDataException("Expected a string."),
    };

    /// <summary>The next value as UTF-8 JSON, binary values as placeholders into <paramref name="attachments"/>.</summary>
    public static ReadOnlyMemory<byte> ToJson(ref MessagePackReader reader, List<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _jsonOptions))
        {
            if (!Notepack.WriteValueAsJson(ref reader, writer, attachments))
            {
                writer.WriteNullValue();
            }
        }

        return buffer.WrittenMemory;
    }

    /// <summary>
    /// Reads a request or response: JSON when it starts with <c>{</c> (as Node's adapter decides), MessagePack
    /// otherwise, converted to JSON with its binary values as attachments.
    /// </summary>
    /// <exception cref="InvalidDataException">The message is malformed.</exception>
    public static JsonDocument ParseRequest(ReadOnlyMemory<byte> message, List<ReadOnlyMemory<byte>> attachments)
    {
        try
        {
            if (!message.IsEmpty && message.Span[0] == (byte)'{')
            {
                return JsonDocument.Parse(message);
            }

            var reader = new MessagePackReader(message);
            var json = ToJson(ref reader, attachments);
            if (!reader.End)
            {
                throw new InvalidDataException("Trailing bytes after the message.");
            }

            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Malformed JSON message.", ex);
        }
    }
}
