using System.Text.Json;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// A socket as Node's adapters describe it to another server, <c>{id, handshake, rooms, data}</c>: the same in the
/// classic adapter's fetch response (type 5) and the cluster adapter's (type 8).
/// </summary>
internal static class RemoteSocketJson
{
    public static void Write(Utf8JsonWriter writer, SocketIoRemoteSocket socket, JsonSerializerOptions jsonOptions)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, socket.Id);
        writer.WritePropertyName("handshake"u8);
        socket.Handshake.WriteTo(writer);
        RedisRequestWriter.WriteStrings(writer, "rooms"u8, socket.Rooms);
        writer.WritePropertyName("data"u8);
        if (socket.Data is not null)
        {
            SocketIo.Protocol.SocketPacketWriter.WriteArgument(writer, socket.Data, jsonOptions);
        }
        else
        {
            // A Node socket's data is never unset ({} until code sets it) and Node code reads fields of a fetched
            // socket's data without checking: a socket of ours that has none must look like Node's.
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"sockets": [...]</c>.</summary>
    public static void WriteAll(Utf8JsonWriter writer, IReadOnlyList<SocketIoRemoteSocket> sockets, JsonSerializerOptions jsonOptions)
    {
        writer.WriteStartArray("sockets"u8);
        foreach (var socket in sockets)
        {
            Write(writer, socket, jsonOptions);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads the <c>sockets</c> of an answer into remote sockets of <paramref name="nsp"/>; entries without an id are skipped.</summary>
    public static void ReadAll(SocketIoNamespace nsp, JsonElement answer, List<SocketIoRemoteSocket> into)
    {
        if (!answer.TryGetProperty("sockets"u8, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var socket in array.EnumerateArray())
        {
            if (socket.ValueKind != JsonValueKind.Object || RedisRequestWriter.GetString(socket, "id"u8) is not { } id)
            {
                continue;
            }

            var rooms = new List<string>();
            RedisRequestWriter.ReadStrings(socket, "rooms"u8, rooms);
            into.Add(new SocketIoRemoteSocket(
                nsp,
                id,
                socket.TryGetProperty("handshake"u8, out var handshake) ? handshake : default,
                rooms,
                socket.TryGetProperty("data"u8, out var data) ? data : default));
        }
    }

    /// <summary>
    /// Adds the rooms of every socket of an answer to <paramref name="into"/>: the cluster adapters have no message for
    /// all rooms, and the rooms of every socket in the cluster are the same rooms, the sockets' own rooms included.
    /// </summary>
    public static void ReadAllRooms(JsonElement answer, ICollection<string> into)
    {
        if (!answer.TryGetProperty("sockets"u8, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var socket in array.EnumerateArray())
        {
            if (socket.ValueKind == JsonValueKind.Object)
            {
                RedisRequestWriter.ReadStrings(socket, "rooms"u8, into);
            }
        }
    }
}
