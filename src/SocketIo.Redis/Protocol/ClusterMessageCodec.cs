using System.Buffers;
using System.Text.Json;
using MessagePack;
using SocketIo.Adapters;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// The messages of Node's cluster adapter as the sharded Redis adapter publishes them:
/// <c>{"type", "data", "uid", "nsp"}</c> as JSON text, or, for a type that may carry binary and does, the same map as
/// notepack MessagePack (binary as <c>bin</c>). Receivers tell them apart by the first byte, as for the classic
/// adapter's requests (<see cref="RedisMessageCodec.ParseRequest"/> reads both).
/// </summary>
internal static class ClusterMessageCodec
{
    /// <summary>
    /// Writes a message whose <c>data</c> object <paramref name="writeData"/> fills; placeholders in it refer to
    /// <paramref name="attachments"/>, and with any, the message goes as MessagePack (with
    /// <paramref name="alwaysMessagePack"/>, always).
    /// </summary>
    public static byte[] Encode<TState>(
        ClusterMessageType type,
        string uid,
        string nsp,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments,
        TState state,
        Action<Utf8JsonWriter, TState> writeData,
        bool alwaysMessagePack = false)
    {
        var json = RedisRequestWriter.Write((type, uid, nsp, state, writeData), static (w, s) =>
        {
            w.WriteNumber("type"u8, (int)s.type);
            w.WriteStartObject("data"u8);
            s.writeData(w, s.state);
            w.WriteEndObject();
            w.WriteString("uid"u8, s.uid);
            w.WriteString("nsp"u8, s.nsp);
        });
        if (!alwaysMessagePack && (attachments.Count == 0 || !MayContainBinary(type)))
        {
            return json;
        }

        // Node checks the data for binary and encodes the whole message with notepack (or, for the Redis Streams
        // adapter's pub/sub, always with @msgpack/msgpack, which writes JSON's values in the same formats): the JSON
        // written above, with its placeholders replaced by their bytes, is that map in the same key order.
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
        var writer = new MessagePackWriter(buffer);
        Notepack.WriteJson(ref writer, document.RootElement, attachments);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The types Node's sharded adapter checks for binary; the others are always JSON.</summary>
    private static bool MayContainBinary(ClusterMessageType type) => type is ClusterMessageType.Broadcast
        or ClusterMessageType.BroadcastAck
        or ClusterMessageType.FetchSocketsResponse
        or ClusterMessageType.ServerSideEmit
        or ClusterMessageType.ServerSideEmitResponse;

    /// <summary><c>"packet": {"type": 2, "data": [...]}</c>: an event without namespace (the envelope has it) and without ack id.</summary>
    public static void WritePacket(Utf8JsonWriter writer, SocketIoPacket packet)
    {
        if (!SocketPacketReader.TryReadHeader(packet.Text.Span, int.MaxValue, out var header))
        {
            throw new ArgumentException("The packet's header is malformed.", nameof(packet));
        }

        writer.WriteStartObject("packet"u8);
        writer.WriteNumber("type"u8, 2);
        writer.WritePropertyName("data"u8);
        writer.WriteRawValue(packet.Text.Span[header.PayloadStart..], skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>"opts": {rooms, except, flags}</c>, flags as Node's broadcast operator sets them (<c>compress</c>,
    /// <c>volatile</c>, <c>timeout</c>; an empty object when none).
    /// </summary>
    public static void WriteOptions(Utf8JsonWriter writer, SocketIoBroadcastOptions options, TimeSpan? timeout = null)
    {
        writer.WriteStartObject("opts"u8);
        RedisRequestWriter.WriteStrings(writer, "rooms"u8, options.Rooms);
        RedisRequestWriter.WriteStrings(writer, "except"u8, options.Except);
        writer.WriteStartObject("flags"u8);
        if (!options.Compress)
        {
            writer.WriteBoolean("compress"u8, false);
        }

        if (options.Volatile)
        {
            writer.WriteBoolean("volatile"u8, true);
        }

        if (timeout is { } value)
        {
            writer.WriteNumber("timeout"u8, (long)value.TotalMilliseconds);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads <c>opts</c> of <paramref name="data"/> for this server's sockets (so local): rooms and except (numbers as
    /// JavaScript prints them), <c>volatile</c>, and <c>compress</c>, off only when explicitly false, as in Node.
    /// </summary>
    public static SocketIoBroadcastOptions ReadOptions(JsonElement data)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        var except = new HashSet<string>(StringComparer.Ordinal);
        bool isVolatile = false, compress = true;
        if (data.TryGetProperty("opts"u8, out var opts) && opts.ValueKind == JsonValueKind.Object)
        {
            RedisRequestWriter.ReadStrings(opts, "rooms"u8, rooms);
            RedisRequestWriter.ReadStrings(opts, "except"u8, except);
            if (opts.TryGetProperty("flags"u8, out var flags) && flags.ValueKind == JsonValueKind.Object)
            {
                isVolatile = flags.TryGetProperty("volatile"u8, out var v) && v.ValueKind == JsonValueKind.True;
                compress = !(flags.TryGetProperty("compress"u8, out var c) && c.ValueKind == JsonValueKind.False);
            }
        }

        return new SocketIoBroadcastOptions(rooms, except, isVolatile, isLocal: true, compress);
    }

    /// <summary>
    /// A server-side emit's arguments with binary values (a Node server's Buffers, MessagePack <c>bin</c>) as base64
    /// strings: this server's server-side events are JSON, and it sends its own byte arrays that way too.
    /// </summary>
    public static JsonDocument WithBinaryAsBase64(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteWithBinaryAsBase64(writer, value, attachments, 0);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void WriteWithBinaryAsBase64(Utf8JsonWriter writer, JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth)
    {
        if (depth > Notepack.MaxDepth)
        {
            throw new InvalidDataException("The value is nested too deeply.");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteWithBinaryAsBase64(writer, item, attachments, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Object when BinaryAttachments.TryGetPlaceholder(value, out var num) && num < attachments.Count:
                writer.WriteBase64StringValue(attachments[num].Span);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteWithBinaryAsBase64(writer, property.Value, attachments, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
