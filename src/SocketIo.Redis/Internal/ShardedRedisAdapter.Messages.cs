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

            await _handler.HandleAsync((ClusterMessageType)type, data, uid, attachments, toThisServer: message.Channel.ToString() == _responseChannel);
        }
    }

    private void Malformed(RedisChannel channel, string reason)
    {
        _metrics.Malformed();
        Log.MalformedMessage(_logger, channel.ToString(), reason);
    }

    /// <summary>A response goes to the requester's own channel, <c>{prefix}#{nsp}#{uid}#</c>.</summary>
    private void PublishResponse(string requesterUid, byte[] response) =>
        _connection.TryPublish(RedisChannel.Sharded(_channel + requesterUid + "#"), response);
}
