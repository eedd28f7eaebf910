using System.Text;
using System.Text.Json;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>What the sharded adapter does with the cluster messages other servers publish.</summary>
internal sealed partial class ShardedRedisAdapter
{
    private async Task OnMessageAsync(ChannelMessage message)
    {
        try
        {
            await OnMessageCoreAsync(message);
        }
        catch (Exception ex)
        {
            // Never out of the handler: the subscription's queue would stop delivering.
            Log.MessageFailed(_logger, message.Channel.ToString(), ex);
        }
    }

    private async Task OnMessageCoreAsync(ChannelMessage message)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        JsonDocument document;
        try
        {
            document = RedisMessageCodec.ParseRequest((ReadOnlyMemory<byte>)message.Message, attachments);
        }
        catch (InvalidDataException ex)
        {
            Malformed(message.Channel, ex.Message);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type"u8, out var typeElement) || !typeElement.TryGetInt32(out var type))
            {
                Malformed(message.Channel, "A message without a type.");
                return;
            }

            var uid = RedisRequestWriter.GetString(root, "uid"u8);
            if (uid == Uid || RedisRequestWriter.GetString(root, "nsp"u8) != _nsp.Name)
            {
                return;
            }

            if (!root.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Object)
            {
                // Heartbeats and ADAPTER_CLOSE carry no data; this adapter, like Node's sharded one, does not track them.
                return;
            }

            var kind = (ClusterMessageType)type;
            if (IsResponse(kind) || message.Channel.ToString() == _responseChannel)
            {
                OnResponse(kind, data, attachments);
                return;
            }

            await OnRequestAsync(kind, data, uid, attachments);
        }
    }

    private static bool IsResponse(ClusterMessageType type) => type is ClusterMessageType.FetchSocketsResponse
        or ClusterMessageType.ServerSideEmitResponse
        or ClusterMessageType.BroadcastClientCount
        or ClusterMessageType.BroadcastAck;

    private void Malformed(RedisChannel channel, string reason)
    {
        _metrics.Malformed();
        Log.MalformedMessage(_logger, channel.ToString(), reason);
    }

    private async Task OnRequestAsync(ClusterMessageType type, JsonElement data, string? uid, List<ReadOnlyMemory<byte>> attachments)
    {
        var requestId = RedisRequestWriter.GetString(data, "requestId"u8);
        switch (type)
        {
            case ClusterMessageType.Broadcast:
                OnBroadcast(data, uid, requestId, attachments);
                break;

            case ClusterMessageType.SocketsJoin:
            case ClusterMessageType.SocketsLeave:
            {
                var rooms = new List<string>();
                RedisRequestWriter.ReadStrings(data, "rooms"u8, rooms);
                var selection = ClusterMessageCodec.ReadOptions(data);
                if (type == ClusterMessageType.SocketsJoin)
                {
                    await _local.AddSocketsAsync(selection, rooms);
                }
                else
                {
                    await _local.DelSocketsAsync(selection, rooms);
                }

                SyncRooms(rooms, socketId: null);
                break;
            }

            case ClusterMessageType.DisconnectSockets:
                await _local.DisconnectSocketsAsync(
                    ClusterMessageCodec.ReadOptions(data),
                    data.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True);
                break;

            case ClusterMessageType.FetchSockets when uid is not null && requestId is not null:
            {
                var sockets = _local.FetchLocal(ClusterMessageCodec.ReadOptions(data));
                PublishResponse(uid, ClusterMessages.FetchSocketsResponse(Uid, _nsp.Name, requestId, sockets, _nsp.Server.JsonOptions));
                break;
            }

            case ClusterMessageType.ServerSideEmit when data.TryGetProperty("packet"u8, out var packet):
            {
                Action<object?>? ack = requestId is null || uid is null ? null : value => AnswerServerSideEmit(uid, requestId, value);
                if (attachments.Count == 0)
                {
                    _nsp.StartServerSideEmit(packet, ack);
                    break;
                }

                using var withBase64 = ClusterMessageCodec.WithBinaryAsBase64(packet, attachments);
                _nsp.StartServerSideEmit(withBase64.RootElement, ack);
                break;
            }

            default:
                Log.UnknownMessage(_logger, (int)type, _nsp.Name);
                break;
        }
    }

    /// <summary>A broadcast from another server; with a request id, one that waits for this server's acknowledgements.</summary>
    private void OnBroadcast(JsonElement data, string? uid, string? requestId, List<ReadOnlyMemory<byte>> attachments)
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
                Namespace = _nsp.Name,
                Data = Encoding.UTF8.GetBytes(args.GetRawText()),
                Attachments = attachments,
                Options = selection,
            };
            _local.Broadcast(broadcast.ToPacket(), selection);
            return;
        }

        if (uid is null)
        {
            return;
        }

        RemoteAckBroadcast.Deliver(
            _nsp,
            _local,
            args,
            attachments,
            selection,
            RemoteAckBroadcast.ReadTimeout(data) ?? _options.RequestsTimeout,
            _timeProvider,
            clients => PublishResponse(uid, ClusterMessages.BroadcastClientCount(Uid, _nsp.Name, requestId, clients)),
            response => PublishResponse(uid, ClusterMessages.BroadcastAck(Uid, _nsp.Name, requestId, response)));
    }

    private void AnswerServerSideEmit(string uid, string requestId, object? value) =>
        PublishResponse(uid, ClusterMessages.ServerSideEmitResponse(Uid, _nsp.Name, requestId, value, _nsp.Server.JsonOptions));

    /// <summary>A response goes to the requester's own channel, <c>{prefix}#{nsp}#{uid}#</c>.</summary>
    private void PublishResponse(string requesterUid, byte[] response) =>
        _connection.TryPublish(RedisChannel.Sharded(_channel + requesterUid + "#"), response);

    /// <summary>An answer to a request of this server; answers to unknown (or expired) requests are ignored.</summary>
    private void OnResponse(ClusterMessageType type, JsonElement data, List<ReadOnlyMemory<byte>> attachments)
    {
        if (RedisRequestWriter.GetString(data, "requestId"u8) is not { } requestId)
        {
            return;
        }

        switch (type)
        {
            case ClusterMessageType.BroadcastClientCount when _cluster.TryGetAckRequest(requestId, out var request):
                if (data.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients) && clients >= 0)
                {
                    request.ServerReported(clients);
                }

                break;
            case ClusterMessageType.BroadcastAck when _cluster.TryGetAckRequest(requestId, out var request):
                request.Collector.Add(RemoteAckBroadcast.ToAckResponse(data, attachments, _nsp.Server.JsonOptions));
                break;
            case ClusterMessageType.FetchSocketsResponse or ClusterMessageType.ServerSideEmitResponse when _cluster.TryGetPending(requestId, out var pending):
                pending.Add(data);
                break;
        }
    }
}
