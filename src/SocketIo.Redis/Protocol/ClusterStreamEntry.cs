using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MessagePack;
using SocketIo.Adapters;
using SocketIo.Protocol.Msgpack;
using StackExchange.Redis;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// A cluster message as Node's Redis Streams adapter keeps it in the stream: the fields <c>uid</c>, <c>nsp</c>,
/// <c>type</c> (the number as text) and <c>data</c>, which is <c>JSON.stringify(data)</c>, or for a type that may carry
/// binary and does, <c>data</c> as MessagePack in base64. Readers tell them apart by the first character, <c>{</c>.
/// Only the messages that must not be lost go there (broadcasts without acknowledgements, joins, leaves and
/// disconnections by selection); the others go over pub/sub.
/// </summary>
internal static class ClusterStreamEntry
{
    /// <summary>A BROADCAST entry: <c>{packet, opts}</c>.</summary>
    public static NameValueEntry[] Broadcast(string uid, string nsp, SocketIoPacket packet, SocketIoBroadcastOptions options) =>
        Encode(ClusterMessageType.Broadcast, uid, nsp, packet.Attachments, (packet, options), static (w, s) =>
        {
            ClusterMessageCodec.WritePacket(w, s.packet);
            ClusterMessageCodec.WriteOptions(w, s.options);
        });

    /// <summary>SOCKETS_JOIN/SOCKETS_LEAVE <c>{opts, rooms}</c>, or DISCONNECT_SOCKETS <c>{opts, close}</c> when <paramref name="rooms"/> is null.</summary>
    public static NameValueEntry[] Selection(ClusterMessageType type, string uid, string nsp, SocketIoBroadcastOptions options, IReadOnlyCollection<string>? rooms, bool close) =>
        Encode(type, uid, nsp, [], (options, rooms, close), static (w, s) =>
        {
            ClusterMessageCodec.WriteOptions(w, s.options);
            if (s.rooms is not null)
            {
                RedisRequestWriter.WriteStrings(w, "rooms"u8, s.rooms);
            }
            else
            {
                w.WriteBoolean("close"u8, s.close);
            }
        });

    private static NameValueEntry[] Encode<TState>(
        ClusterMessageType type,
        string uid,
        string nsp,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments,
        TState state,
        Action<Utf8JsonWriter, TState> writeData)
    {
        // The data object alone, as JSON.stringify writes it (no whitespace, keys in Node's order).
        var json = RedisRequestWriter.Write((state, writeData), static (w, s) => s.writeData(w, s.state));
        RedisValue data;
        if (attachments.Count == 0)
        {
            data = json;
        }
        else
        {
            using var document = JsonDocument.Parse(json);
            var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
            var writer = new MessagePackWriter(buffer);
            Notepack.WriteJson(ref writer, document.RootElement, attachments);
            writer.Flush();
            data = Convert.ToBase64String(buffer.WrittenSpan);
        }

        return
        [
            new NameValueEntry("uid", uid),
            new NameValueEntry("nsp", nsp),
            new NameValueEntry("type", ((int)type).ToString(CultureInfo.InvariantCulture)),
            new NameValueEntry("data", data),
        ];
    }

    /// <summary>
    /// The fields of an entry, read without decoding <c>data</c>, so that entries of other namespaces (and this
    /// server's own) cost nothing more. False when it is not a cluster message (no <c>nsp</c>, as Node skips them).
    /// </summary>
    public static bool TryReadHead(RedisResult fields, out string uid, out string nsp, out int type, out RedisValue data)
    {
        uid = "";
        nsp = "";
        type = -1;
        data = RedisValue.Null;
        if (fields.Resp2Type != ResultType.Array || fields.IsNull)
        {
            return false;
        }

        var values = (RedisResult[])fields!;
        for (var i = 0; i + 1 < values.Length; i += 2)
        {
            var value = (RedisValue)values[i + 1];
            switch ((string?)values[i])
            {
                case "uid":
                    uid = (string?)value ?? "";
                    break;
                case "nsp":
                    nsp = (string?)value ?? "";
                    break;
                case "type":
                    type = int.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : -1;
                    break;
                case "data":
                    data = value;
                    break;
            }
        }

        return nsp.Length > 0;
    }

    /// <summary>
    /// Decodes <c>data</c>: JSON when it starts with <c>{</c>, as Node's adapter decides, base64 MessagePack otherwise
    /// (converted to JSON with its binary values as <paramref name="attachments"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The data is malformed.</exception>
    public static JsonDocument ReadData(RedisValue data, List<ReadOnlyMemory<byte>> attachments)
    {
        var bytes = (byte[]?)data ?? [];
        if (bytes.Length > 0 && bytes[0] == (byte)'{')
        {
            try
            {
                return JsonDocument.Parse(bytes);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException("Malformed JSON data.", ex);
            }
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(Encoding.ASCII.GetString(bytes));
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("The data is neither JSON nor base64.", ex);
        }

        try
        {
            return RedisMessageCodec.ParseRequest(decoded, attachments);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new InvalidDataException("Malformed MessagePack data.", ex);
        }
    }
}
