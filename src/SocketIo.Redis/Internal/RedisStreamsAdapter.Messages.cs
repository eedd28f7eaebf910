using System.Text.Json;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>What the Redis Streams adapter does with the entries of its stream and the messages of its channels.</summary>
internal sealed partial class RedisStreamsAdapter
{
    /// <summary>
    /// One entry of this namespace's stream (the poller checked the namespace). This server's own entries are skipped
    /// before their data is decoded.
    /// </summary>
    internal async Task OnEntryAsync(string id, string uid, int type, RedisValue data)
    {
        if (uid == Uid)
        {
            return;
        }

        try
        {
            var attachments = new List<ReadOnlyMemory<byte>>();
            JsonDocument document;
            try
            {
                document = ClusterStreamEntry.ReadData(data, attachments);
            }
            catch (InvalidDataException ex)
            {
                Malformed(Stream, ex.Message);
                return;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    Malformed(Stream, "The data is not an object.");
                    return;
                }

                await _handler.HandleAsync((ClusterMessageType)type, document.RootElement, uid, attachments, toThisServer: false, offset: id);
            }
        }
        catch (Exception ex)
        {
            // Never out of the poller: the entries after this one must still be read.
            Log.MessageFailed(_logger, Stream, ex);
        }
    }

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

    private Task OnMessageCoreAsync(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        return _handler.HandlePublishedAsync(
            (ReadOnlyMemory<byte>)message.Message, toThisServer: message.Channel == _responseChannel, reason => Malformed(channel, reason), CatchUpAsync);
    }

    /// <summary>
    /// Before a request over pub/sub is carried out, the stream entries added before it are: a server that joins
    /// sockets to a room (an entry) and then fetches the room's sockets (a message) finds them there. The requester
    /// added the entry before it published, so it is at or before the stream's last entry now. Node's adapter does not
    /// wait, and may answer from before the join. Past a bound, the request is carried out anyway.
    /// </summary>
    private async Task CatchUpAsync()
    {
        try
        {
            var last = await _connection.Multiplexer.GetDatabase().StreamRangeAsync(Stream, "-", "+", count: 1, messageOrder: Order.Descending);
            if (last.Length > 0 && StreamId.TryParse(last[0].Id, out var tip))
            {
                await _poller.WaitForAsync(tip).WaitAsync(_options.RequestsTimeout / 2, _timeProvider);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.CatchUpFailed(_logger, _nsp.Name, ex);
        }
    }

    private void Malformed(string source, string reason)
    {
        _metrics.Malformed();
        Log.MalformedMessage(_logger, source, reason);
    }

    /// <summary>A response goes to the requester's own channel, <c>{prefix}#{nsp}#{uid}#</c>, as MessagePack.</summary>
    private void PublishResponse(string requesterUid, byte[] response) =>
        _connection.TryPublish(Channel(_channel + requesterUid + "#"), response);
}
