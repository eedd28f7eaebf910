using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>What the adapter does with the messages other servers (and Node's emitter) publish.</summary>
internal sealed partial class RedisAdapter
{
    /// <summary>A broadcast from another server: to this server's sockets in its selection, unless it is this one's own.</summary>
    private void OnBroadcastMessage(ChannelMessage message)
    {
        try
        {
            var channel = message.Channel.ToString();
            if (!channel.StartsWith(_channel, StringComparison.Ordinal))
            {
                return;
            }

            // A room channel for a room with no member here concerns no socket here.
            var room = channel.Length > _channel.Length ? channel[_channel.Length..^1] : "";
            if (room.Length > 0 && !_local.HasRoom(room))
            {
                return;
            }

            var broadcast = RedisMessageCodec.DecodeBroadcast((ReadOnlyMemory<byte>)message.Message, Uid, _nsp.Name);
            if (broadcast is null)
            {
                return;
            }

            _local.Broadcast(broadcast.ToPacket(), broadcast.Options);
        }
        catch (InvalidDataException ex)
        {
            Malformed(message.Channel, ex);
        }
        catch (Exception ex)
        {
            // Never out of the handler: the subscription's queue would stop delivering.
            Log.MessageFailed(_logger, message.Channel.ToString(), ex);
        }
    }

    private void Malformed(RedisChannel channel, Exception ex)
    {
        _metrics.Malformed();
        Log.MalformedMessage(_logger, channel.ToString(), ex.Message);
    }

    /// <summary>Reads a request or a response (JSON, or MessagePack with its binary as attachments); a malformed one is counted.</summary>
    private bool TryParse(ChannelMessage message, List<ReadOnlyMemory<byte>> attachments, [NotNullWhen(true)] out JsonDocument? document)
    {
        try
        {
            document = RedisMessageCodec.ParseRequest((ReadOnlyMemory<byte>)message.Message, attachments);
            return true;
        }
        catch (InvalidDataException ex)
        {
            Malformed(message.Channel, ex);
            document = null;
            return false;
        }
    }

    /// <summary>A request from another server (or the emitter): act on this server's sockets, and answer if asked.</summary>
    private async Task OnRequestMessageAsync(ChannelMessage message)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        if (!TryParse(message, attachments, out var document))
        {
            return;
        }

        using (document)
        {
            var request = document.RootElement;
            if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("type"u8, out var typeElement) || !typeElement.TryGetInt32(out var type))
            {
                Malformed(message.Channel, new InvalidDataException("A request without a type."));
                return;
            }

            var uid = RedisRequestWriter.GetString(request, "uid"u8);
            var requestId = RedisRequestWriter.GetString(request, "requestId"u8);
            try
            {
                await OnRequestAsync((RequestType)type, request, uid, requestId, attachments);
            }
            catch (Exception ex)
            {
                Log.RequestFailed(_logger, type, _nsp.Name, ex);
            }
        }
    }

    private async Task OnRequestAsync(RequestType type, JsonElement request, string? uid, string? requestId, List<ReadOnlyMemory<byte>> attachments)
    {
        switch (type)
        {
            case RequestType.Sockets:
            {
                if (IsOwnRequest(requestId))
                {
                    return;
                }

                var rooms = new HashSet<string>(StringComparer.Ordinal);
                RedisRequestWriter.ReadStrings(request, "rooms"u8, rooms);
                var ids = _local.Sockets(rooms);
                PublishResponse(uid, RedisRequestWriter.Write((requestId, ids), static (w, s) =>
                {
                    w.WriteString("requestId"u8, s.requestId);
                    RedisRequestWriter.WriteStrings(w, "sockets"u8, s.ids);
                }));
                break;
            }

            case RequestType.AllRooms:
                if (IsOwnRequest(requestId))
                {
                    return;
                }

                PublishResponse(uid, RedisRequestWriter.Write((requestId, _local.RoomNames()), static (w, s) =>
                {
                    w.WriteString("requestId"u8, s.requestId);
                    RedisRequestWriter.WriteStrings(w, "rooms"u8, s.Item2);
                }));
                break;

            case RequestType.RemoteJoin:
            case RequestType.RemoteLeave:
            case RequestType.RemoteDisconnect:
                if (uid == Uid)
                {
                    // Done here already when it was sent.
                    return;
                }

                await OnRemoteSelectionAsync(type, request, uid, requestId);
                break;

            case RequestType.RemoteFetch:
            {
                if (IsOwnRequest(requestId))
                {
                    return;
                }

                var sockets = _local.FetchLocal(RedisRequestWriter.ReadSelection(request));
                PublishResponse(uid, RedisRequestWriter.Write((requestId, sockets, this), static (w, s) =>
                {
                    w.WriteString("requestId"u8, s.requestId);
                    RemoteSocketJson.WriteAll(w, s.sockets, s.Item3._nsp.Server.JsonOptions);
                }));
                break;
            }

            case RequestType.ServerSideEmit:
                if (uid == Uid || !request.TryGetProperty("data"u8, out var data))
                {
                    return;
                }

                _nsp.StartServerSideEmit(data, requestId is null ? null : value => AnswerServerSideEmit(requestId, value));

                break;

            case RequestType.Broadcast:
                if (requestId is null || _cluster.IsAckRequest(requestId))
                {
                    return;
                }

                OnBroadcastRequest(request, uid, requestId, attachments);
                break;

            default:
                Log.UnknownRequest(_logger, (int)type, _nsp.Name);
                break;
        }
    }

    private bool IsOwnRequest(string? requestId) => requestId is null || _cluster.IsPending(requestId);

    /// <summary>
    /// Join, leave or disconnect by selection (<c>opts</c>), or in the form of older versions, by socket id
    /// (<c>sid</c>, <c>room</c>), which is answered.
    /// </summary>
    private async Task OnRemoteSelectionAsync(RequestType type, JsonElement request, string? uid, string? requestId)
    {
        var close = request.TryGetProperty("close"u8, out var closeElement) && closeElement.ValueKind == JsonValueKind.True;
        if (request.TryGetProperty("opts"u8, out var opts) && opts.ValueKind == JsonValueKind.Object)
        {
            var selection = RedisRequestWriter.ReadSelection(request);
            var rooms = new List<string>();
            RedisRequestWriter.ReadStrings(request, "rooms"u8, rooms);
            switch (type)
            {
                case RequestType.RemoteJoin:
                    await _local.AddSocketsAsync(selection, rooms);
                    break;
                case RequestType.RemoteLeave:
                    await _local.DelSocketsAsync(selection, rooms);
                    break;
                default:
                    await _local.DisconnectSocketsAsync(selection, close);
                    break;
            }

            return;
        }

        if (RedisRequestWriter.GetString(request, "sid"u8) is not { } sid || !_nsp.Sockets.TryGetValue(sid, out var socket))
        {
            return;
        }

        var room = RedisRequestWriter.GetString(request, "room"u8);
        switch (type)
        {
            case RequestType.RemoteJoin when room is not null:
                socket.Join(room);
                break;
            case RequestType.RemoteLeave when room is not null:
                socket.Leave(room);
                break;
            case RequestType.RemoteDisconnect:
                await socket.DisconnectAsync(close);
                break;
        }

        PublishResponse(uid, RedisRequestWriter.Write(requestId, static (w, id) => w.WriteString("requestId"u8, id)));
    }

    /// <summary>Node's adapter answers a server-side emit on the common response channel, whatever the option says.</summary>
    private void AnswerServerSideEmit(string requestId, object? value)
    {
        var message = RedisRequestWriter.Write((requestId, value, _nsp.Server.JsonOptions), static (w, s) =>
        {
            w.WriteNumber("type"u8, (int)RequestType.ServerSideEmit);
            w.WriteString("requestId"u8, s.requestId);
            if (s.value is not null)
            {
                w.WritePropertyName("data"u8);
                SocketIo.Protocol.SocketPacketWriter.WriteArgument(w, s.value, s.JsonOptions);
            }
        });
        _connection.TryPublish(_responseChannel, message);
    }

    /// <summary>
    /// Another server's broadcast with acknowledgements: send it to this server's sockets, tell that server how many
    /// were reached, then relay each answer as it comes.
    /// </summary>
    private void OnBroadcastRequest(JsonElement request, string? uid, string requestId, List<ReadOnlyMemory<byte>> attachments)
    {
        if (!request.TryGetProperty("packet"u8, out var packet) || packet.ValueKind != JsonValueKind.Object
            || !packet.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        RemoteAckBroadcast.Deliver(
            _nsp,
            _local,
            data,
            attachments,
            RedisRequestWriter.ReadSelection(request),
            RemoteAckBroadcast.ReadTimeout(request) ?? _options.RequestsTimeout,
            _timeProvider,
            clients => PublishResponse(uid, RedisRequestWriter.Write((requestId, clients), static (w, s) =>
            {
                w.WriteNumber("type"u8, (int)RequestType.BroadcastClientCount);
                w.WriteString("requestId"u8, s.requestId);
                w.WriteNumber("clientCount"u8, s.clients);
            })),
            response => PublishResponse(uid, RedisMessageCodec.EncodeBroadcastAck(requestId, response)));
    }

    private void PublishResponse(string? uid, byte[] response)
    {
        var channel = _options.PublishOnSpecificResponseChannel && uid is not null
            ? RedisChannel.Literal(_responseChannel.ToString() + uid + "#")
            : _responseChannel;
        _connection.TryPublish(channel, response);
    }

    /// <summary>An answer to a request of this server (answers to other servers' requests are ignored).</summary>
    private void OnResponseMessage(ChannelMessage message)
    {
        try
        {
            OnResponse(message);
        }
        catch (Exception ex)
        {
            // Never out of the handler: the subscription's queue would stop delivering.
            Log.MessageFailed(_logger, message.Channel.ToString(), ex);
        }
    }

    private void OnResponse(ChannelMessage message)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        if (!TryParse(message, attachments, out var document))
        {
            return;
        }

        using (document)
        {
            var response = document.RootElement;
            if (response.ValueKind != JsonValueKind.Object || RedisRequestWriter.GetString(response, "requestId"u8) is not { } requestId)
            {
                return;
            }

            if (_cluster.TryGetAckRequest(requestId, out var ackRequest))
            {
                OnAckResponse(ackRequest, response, attachments);
                return;
            }

            if (_cluster.TryGetPending(requestId, out var pending))
            {
                pending.Add(response);
            }
        }
    }

    private void OnAckResponse(AckRequest request, JsonElement response, List<ReadOnlyMemory<byte>> attachments)
    {
        if (!response.TryGetProperty("type"u8, out var type) || !type.TryGetInt32(out var kind))
        {
            return;
        }

        switch ((RequestType)kind)
        {
            case RequestType.BroadcastClientCount:
                if (response.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients) && clients >= 0)
                {
                    request.ServerReported(clients);
                }

                break;
            case RequestType.BroadcastAck:
                request.Collector.Add(RemoteAckBroadcast.ToAckResponse(response, attachments, _nsp.Server.JsonOptions));
                break;
        }
    }
}
