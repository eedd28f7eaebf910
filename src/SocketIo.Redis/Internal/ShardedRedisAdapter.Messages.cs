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

    private Task OnMessageCoreAsync(ChannelMessage message) => _handler.HandlePublishedAsync(
        (ReadOnlyMemory<byte>)message.Message,
        toThisServer: message.Channel.ToString() == _responseChannel,
        reason => Malformed(message.Channel, reason));

    private void Malformed(RedisChannel channel, string reason)
    {
        _metrics.Malformed();
        Log.MalformedMessage(_logger, channel.ToString(), reason);
    }

    /// <summary>A response goes to the requester's own channel, <c>{prefix}#{nsp}#{uid}#</c>.</summary>
    private void PublishResponse(string requesterUid, byte[] response) =>
        _connection.TryPublish(RedisChannel.Sharded(_channel + requesterUid + "#"), response);
}
