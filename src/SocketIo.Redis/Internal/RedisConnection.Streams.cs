using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisConnection
{
    /// <summary>
    /// <c>XADD {stream} MAXLEN ~ {maxLength} * field value ...</c>, under the same rule as <see cref="TryPublish"/>:
    /// dropped and counted, never queued, while Redis is away or too many commands are pending. The entry's id, or
    /// null when it was dropped or failed.
    /// </summary>
    public async Task<string?> TryStreamAddAsync(RedisKey stream, NameValueEntry[] fields, int maxLength)
    {
        if (!Multiplexer.IsConnected)
        {
            DropEntry("disconnected", stream);
            return null;
        }

        if (Interlocked.Increment(ref _pending) > _maxPending)
        {
            Interlocked.Decrement(ref _pending);
            DropEntry("backlog", stream);
            return null;
        }

        try
        {
            var id = await Multiplexer.GetDatabase().StreamAddAsync(stream, fields, messageId: null, maxLength: maxLength, useApproximateMaxLength: true);
            return (string?)id;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.PublishFailed(_logger, stream.ToString(), ex);
            _metrics.Dropped("error");
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private void DropEntry(string reason, RedisKey stream)
    {
        _metrics.Dropped(reason);
        Log.MessageDropped(_logger, stream.ToString(), reason);
    }

    /// <summary>A command whose answer nothing waits for (a session's <c>SET</c>), under the same rule as <see cref="TryPublish"/>.</summary>
    public async Task TryExecuteAsync(string command, object[] arguments)
    {
        var target = arguments.Length > 0 ? arguments[0].ToString() ?? command : command;
        if (!Multiplexer.IsConnected)
        {
            Drop("disconnected", RedisChannel.Literal(target));
            return;
        }

        if (Interlocked.Increment(ref _pending) > _maxPending)
        {
            Interlocked.Decrement(ref _pending);
            Drop("backlog", RedisChannel.Literal(target));
            return;
        }

        try
        {
            await Multiplexer.GetDatabase().ExecuteAsync(command, arguments);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.PublishFailed(_logger, target, ex);
            _metrics.Dropped("error");
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
