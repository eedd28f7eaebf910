using System.Text.Json;
using SocketIo.Adapters;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// Each cluster message the sharded and Redis Streams adapters send, with <c>data</c>'s keys in the order Node's cluster
/// adapter builds them (the golden captures pin it); with <c>messagePack</c>, always as MessagePack (the Redis Streams
/// adapter's pub/sub).
/// </summary>
internal static class ClusterMessages
{
    /// <summary>BROADCAST <c>{packet, opts}</c>.</summary>
    public static byte[] Broadcast(string uid, string nsp, SocketIoPacket packet, SocketIoBroadcastOptions options, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.Broadcast, uid, nsp, packet.Attachments, (packet, options), static (w, s) =>
        {
            ClusterMessageCodec.WritePacket(w, s.packet);
            ClusterMessageCodec.WriteOptions(w, s.options);
        },
        messagePack);

    /// <summary>BROADCAST with acknowledgements <c>{packet, requestId, opts}</c>, the timeout in <c>opts.flags</c>.</summary>
    public static byte[] BroadcastWithAck(string uid, string nsp, SocketIoPacket packet, string requestId, SocketIoBroadcastOptions options, TimeSpan timeout, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.Broadcast, uid, nsp, packet.Attachments, (packet, requestId, options, timeout), static (w, s) =>
        {
            ClusterMessageCodec.WritePacket(w, s.packet);
            w.WriteString("requestId"u8, s.requestId);
            ClusterMessageCodec.WriteOptions(w, s.options, s.timeout);
        },
        messagePack);

    /// <summary>SOCKETS_JOIN/SOCKETS_LEAVE <c>{opts, rooms}</c>, or DISCONNECT_SOCKETS <c>{opts, close}</c> when <paramref name="rooms"/> is null.</summary>
    public static byte[] Selection(ClusterMessageType type, string uid, string nsp, SocketIoBroadcastOptions options, IReadOnlyCollection<string>? rooms, bool close, bool messagePack = false) =>
        ClusterMessageCodec.Encode(type, uid, nsp, [], (options, rooms, close), static (w, s) =>
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
        },
        messagePack);

    /// <summary>FETCH_SOCKETS <c>{opts, requestId}</c>.</summary>
    public static byte[] FetchSockets(string uid, string nsp, SocketIoBroadcastOptions options, string requestId, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.FetchSockets, uid, nsp, [], (options, requestId), static (w, s) =>
        {
            ClusterMessageCodec.WriteOptions(w, s.options);
            w.WriteString("requestId"u8, s.requestId);
        },
        messagePack);

    /// <summary>FETCH_SOCKETS_RESPONSE <c>{requestId, sockets}</c>.</summary>
    public static byte[] FetchSocketsResponse(string uid, string nsp, string requestId, IReadOnlyList<SocketIoRemoteSocket> sockets, JsonSerializerOptions jsonOptions, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.FetchSocketsResponse, uid, nsp, [], (requestId, sockets, jsonOptions), static (w, s) =>
        {
            w.WriteString("requestId"u8, s.requestId);
            RemoteSocketJson.WriteAll(w, s.sockets, s.jsonOptions);
        },
        messagePack);

    /// <summary>SERVER_SIDE_EMIT <c>{packet}</c>, or <c>{requestId, packet}</c> when it waits for answers; <paramref name="data"/> is the JSON array.</summary>
    public static byte[] ServerSideEmit(string uid, string nsp, string? requestId, ReadOnlyMemory<byte> data, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.ServerSideEmit, uid, nsp, [], (requestId, data), static (w, s) =>
        {
            if (s.requestId is not null)
            {
                w.WriteString("requestId"u8, s.requestId);
            }

            w.WritePropertyName("packet"u8);
            w.WriteRawValue(s.data.Span, skipInputValidation: true);
        },
        messagePack);

    /// <summary>SERVER_SIDE_EMIT_RESPONSE <c>{requestId, packet}</c>; an undefined (null) answer leaves <c>packet</c> out.</summary>
    public static byte[] ServerSideEmitResponse(string uid, string nsp, string requestId, object? value, JsonSerializerOptions jsonOptions, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.ServerSideEmitResponse, uid, nsp, [], (requestId, value, jsonOptions), static (w, s) =>
        {
            w.WriteString("requestId"u8, s.requestId);
            if (s.value is not null)
            {
                w.WritePropertyName("packet"u8);
                SocketIo.Protocol.SocketPacketWriter.WriteArgument(w, s.value, s.jsonOptions);
            }
        },
        messagePack);

    /// <summary>BROADCAST_CLIENT_COUNT <c>{requestId, clientCount}</c>.</summary>
    public static byte[] BroadcastClientCount(string uid, string nsp, string requestId, int clientCount, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.BroadcastClientCount, uid, nsp, [], (requestId, clientCount), static (w, s) =>
        {
            w.WriteString("requestId"u8, s.requestId);
            w.WriteNumber("clientCount"u8, s.clientCount);
        },
        messagePack);

    /// <summary>BROADCAST_ACK <c>{requestId, packet}</c>: the client's first answer argument (left out when none, as notepack and JSON.stringify do).</summary>
    public static byte[] BroadcastAck(string uid, string nsp, string requestId, SocketIoAckResponse response, bool messagePack = false) =>
        ClusterMessageCodec.Encode(ClusterMessageType.BroadcastAck, uid, nsp, response.Attachments, (requestId, response), static (w, s) =>
        {
            w.WriteString("requestId"u8, s.requestId);
            if (s.response.Count > 0)
            {
                w.WritePropertyName("packet"u8);
                s.response[0].WriteTo(w);
            }
        },
        messagePack);
}
