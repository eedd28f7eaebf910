using System.Buffers;
using System.Text.Json;
using MessagePack;
using SocketIo.Adapters;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// A disconnected socket's session as Node's Redis Streams adapter stores it under <c>sio:session:&lt;pid&gt;</c>:
/// MessagePack of <c>{sid, pid, rooms, data}</c> (the keys in the order Node's socket builds the object), in base64.
/// <c>data</c> is the socket's data as JSON values; it comes back as a <see cref="JsonElement"/> (or null).
/// </summary>
internal static class StreamSession
{
    public static string Encode(SocketIoSession session, JsonSerializerOptions jsonOptions)
    {
        var json = RedisRequestWriter.Write((session, jsonOptions), static (w, s) =>
        {
            w.WriteString("sid"u8, s.session.Id);
            w.WriteString("pid"u8, s.session.PrivateId);
            RedisRequestWriter.WriteStrings(w, "rooms"u8, s.session.Rooms);
            w.WritePropertyName("data"u8);
            if (s.session.Data is { } data)
            {
                SocketIo.Protocol.SocketPacketWriter.WriteArgument(w, data, s.jsonOptions);
            }
            else
            {
                w.WriteNullValue();
            }
        });
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        var writer = new MessagePackWriter(buffer);
        Notepack.WriteJson(ref writer, document.RootElement, []);
        writer.Flush();
        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    /// <summary>Reads a stored session; null when it is not one (a foreign or damaged value is no session to restore).</summary>
    public static SocketIoSession? TryDecode(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var attachments = new List<ReadOnlyMemory<byte>>();
            using var document = RedisMessageCodec.ParseRequest(Convert.FromBase64String(value), attachments);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || RedisRequestWriter.GetString(root, "sid"u8) is not { Length: > 0 } sid
                || RedisRequestWriter.GetString(root, "pid"u8) is not { Length: > 0 } pid)
            {
                return null;
            }

            var rooms = new List<string>();
            RedisRequestWriter.ReadStrings(root, "rooms"u8, rooms);
            object? data = null;
            if (root.TryGetProperty("data"u8, out var d) && d.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                // This server's data is JSON: a Node socket's Buffers come back as base64 strings.
                using var withBase64 = attachments.Count == 0 ? null : ClusterMessageCodec.WithBinaryAsBase64(d, attachments);
                data = (withBase64?.RootElement ?? d).Clone();
            }

            return new SocketIoSession(sid, pid, rooms, data);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return null;
        }
    }
}
