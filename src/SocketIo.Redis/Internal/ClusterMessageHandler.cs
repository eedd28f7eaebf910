using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Adapters;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Internal;

/// <summary>
/// What an adapter built on Node's <c>ClusterAdapter</c> messages (the sharded adapter, the Redis Streams adapter)
/// does with a message from another server, whichever way it came (pub/sub, or a stream entry): requests are carried
/// out on this server's sockets and answered through <see cref="PublishResponse"/>, answers go to the request waiting
/// for them.
/// </summary>
/// <remarks>Every member may be called concurrently.</remarks>
internal sealed partial class ClusterMessageHandler(
    SocketIoNamespace nsp,
    InMemorySocketIoAdapter local,
    ClusterRequests cluster,
    TimeSpan requestsTimeout,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>This server's uid, which its answers carry.</summary>
    public required string Uid { get; init; }

    /// <summary>Whether every message this server sends is MessagePack (Redis Streams), rather than JSON unless it carries binary (sharded).</summary>
    public bool AlwaysMessagePack { get; init; }

    /// <summary>Sends an answer to the server whose uid is given.</summary>
    public required Action<string, byte[]> PublishResponse { get; init; }

    /// <summary>Called after a remote join or leave changed this server's rooms (the sharded adapter follows them with its room channels).</summary>
    public Action<IEnumerable<string>>? RoomsChanged { get; init; }

    /// <summary>
    /// Delivers a remote broadcast without acknowledgements to this server's sockets; given the stream offset it was
    /// stored under, if any. By default it goes to the local sockets as it came.
    /// </summary>
    public Action<RemoteBroadcast, string?>? DeliverBroadcast { get; init; }

    public static bool IsResponse(ClusterMessageType type) => type is ClusterMessageType.FetchSocketsResponse
        or ClusterMessageType.ServerSideEmitResponse
        or ClusterMessageType.BroadcastClientCount
        or ClusterMessageType.BroadcastAck;

    /// <summary>
    /// Reads a message published on the namespace's channels, <c>{uid, nsp, type, data}</c> (JSON, or MessagePack when it
    /// carries binary), and handles it, unless it is this server's own, another namespace's, or carries no data
    /// (heartbeats and ADAPTER_CLOSE, which these adapters, like Node's, do not track). One that cannot be read goes to
    /// <paramref name="malformed"/> with the reason. <paramref name="beforeRequest"/>, if given, runs before a request
    /// from another server is carried out.
    /// </summary>
    public async Task HandlePublishedAsync(ReadOnlyMemory<byte> message, bool toThisServer, Action<string> malformed, Func<Task>? beforeRequest = null)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        JsonDocument document;
        try
        {
            document = RedisMessageCodec.ParseRequest(message, attachments);
        }
        catch (InvalidDataException ex)
        {
            malformed(ex.Message);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type"u8, out var typeElement) || !typeElement.TryGetInt32(out var type))
            {
                malformed("A message without a type.");
                return;
            }

            var uid = RedisRequestWriter.GetString(root, "uid"u8);
            if (uid == Uid || RedisRequestWriter.GetString(root, "nsp"u8) != nsp.Name
                || !root.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (beforeRequest is not null && !toThisServer && !IsResponse((ClusterMessageType)type))
            {
                await beforeRequest();
            }

            await HandleAsync((ClusterMessageType)type, data, uid, attachments, toThisServer);
        }
    }

    /// <summary>
    /// Handles one message of another server (the caller has checked uid and namespace). <paramref name="offset"/> is
    /// the stream entry's id when it came from a stream.
    /// </summary>
    public async Task HandleAsync(ClusterMessageType type, JsonElement data, string? uid, List<ReadOnlyMemory<byte>> attachments, bool toThisServer, string? offset = null)
    {
        if (IsResponse(type) || toThisServer)
        {
            OnResponse(type, data, attachments);
            return;
        }

        var requestId = RedisRequestWriter.GetString(data, "requestId"u8);
        switch (type)
        {
            case ClusterMessageType.Broadcast:
                OnBroadcast(data, uid, requestId, attachments, offset);
                break;

            case ClusterMessageType.SocketsJoin:
            case ClusterMessageType.SocketsLeave:
            {
                var rooms = new List<string>();
                RedisRequestWriter.ReadStrings(data, "rooms"u8, rooms);
                var selection = ClusterMessageCodec.ReadOptions(data);
                if (type == ClusterMessageType.SocketsJoin)
                {
                    await local.AddSocketsAsync(selection, rooms);
                }
                else
                {
                    await local.DelSocketsAsync(selection, rooms);
                }

                RoomsChanged?.Invoke(rooms);
                break;
            }

            case ClusterMessageType.DisconnectSockets:
                await local.DisconnectSocketsAsync(
                    ClusterMessageCodec.ReadOptions(data),
                    data.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True);
                break;

            case ClusterMessageType.FetchSockets when uid is not null && requestId is not null:
            {
                var sockets = local.FetchLocal(ClusterMessageCodec.ReadOptions(data));
                PublishResponse(uid, ClusterMessages.FetchSocketsResponse(Uid, nsp.Name, requestId, sockets, nsp.Server.JsonOptions, AlwaysMessagePack));
                break;
            }

            case ClusterMessageType.ServerSideEmit when data.TryGetProperty("packet"u8, out var packet):
            {
                Action<object?>? ack = requestId is null || uid is null ? null : value => AnswerServerSideEmit(uid, requestId, value);
                if (attachments.Count == 0)
                {
                    nsp.StartServerSideEmit(packet, ack);
                    break;
                }

                using var withBase64 = ClusterMessageCodec.WithBinaryAsBase64(packet, attachments);
                nsp.StartServerSideEmit(withBase64.RootElement, ack);
                break;
            }

            default:
                Log.UnknownMessage(logger, (int)type, nsp.Name);
                break;
        }
    }

    /// <summary>A broadcast from another server; with a request id, one that waits for this server's acknowledgements.</summary>
    private void OnBroadcast(JsonElement data, string? uid, string? requestId, List<ReadOnlyMemory<byte>> attachments, string? offset)
    {
        if (!data.TryGetProperty("packet"u8, out var packet) || packet.ValueKind != JsonValueKind.Object
            || !packet.TryGetProperty("data"u8, out var args) || args.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var selection = ClusterMessageCodec.ReadOptions(data);
        if (requestId is null)
        {
            var broadcast = new RemoteBroadcast
            {
                Uid = uid ?? "",
                Namespace = nsp.Name,
                Data = Encoding.UTF8.GetBytes(args.GetRawText()),
                Attachments = attachments,
                Options = selection,
            };
            if (DeliverBroadcast is { } deliver)
            {
                deliver(broadcast, offset);
            }
            else
            {
                local.Broadcast(broadcast.ToPacket(), selection);
            }

            return;
        }

        if (uid is null)
        {
            return;
        }

        RemoteAckBroadcast.Deliver(
            nsp,
            local,
            args,
            attachments,
            selection,
            RemoteAckBroadcast.ReadTimeout(data) ?? requestsTimeout,
            timeProvider,
            clients => PublishResponse(uid, ClusterMessages.BroadcastClientCount(Uid, nsp.Name, requestId, clients, AlwaysMessagePack)),
            response => PublishResponse(uid, ClusterMessages.BroadcastAck(Uid, nsp.Name, requestId, response, AlwaysMessagePack)));
    }

    private void AnswerServerSideEmit(string uid, string requestId, object? value) =>
        PublishResponse(uid, ClusterMessages.ServerSideEmitResponse(Uid, nsp.Name, requestId, value, nsp.Server.JsonOptions, AlwaysMessagePack));

    /// <summary>An answer to a request of this server; answers to unknown (or expired) requests are ignored.</summary>
    private void OnResponse(ClusterMessageType type, JsonElement data, List<ReadOnlyMemory<byte>> attachments)
    {
        if (RedisRequestWriter.GetString(data, "requestId"u8) is not { } requestId)
        {
            return;
        }

        switch (type)
        {
            case ClusterMessageType.BroadcastClientCount when cluster.TryGetAckRequest(requestId, out var request):
                if (data.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients) && clients >= 0)
                {
                    request.ServerReported(clients);
                }

                break;
            case ClusterMessageType.BroadcastAck when cluster.TryGetAckRequest(requestId, out var request):
                request.Collector.Add(RemoteAckBroadcast.ToAckResponse(data, attachments, nsp.Server.JsonOptions));
                break;
            case ClusterMessageType.FetchSocketsResponse or ClusterMessageType.ServerSideEmitResponse when cluster.TryGetPending(requestId, out var pending):
                pending.Add(data);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(23, LogLevel.Debug, "A message of unknown type {Type} to namespace {Namespace} was ignored.", EventName = "ShardedUnknownMessage")]
        public static partial void UnknownMessage(ILogger logger, int type, string @namespace);
    }
}
