using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// The room channels of the dynamic subscription modes: as Node's adapter subscribes on "create-room" and
/// unsubscribes on "delete-room", this server has <c>{prefix}#{nsp}#{room}#</c> subscribed exactly while the room has
/// members here (dynamic: not for socket-id rooms; dynamic-private: for those too).
/// </summary>
internal sealed partial class ShardedRedisAdapter
{
    private readonly Lock _roomLock = new();
    private readonly Dictionary<string, Task<ChannelMessageQueue?>> _roomQueues = new(StringComparer.Ordinal);
    private bool _closed;

    private bool DynamicRooms => _options.SubscriptionMode != RedisShardedSubscriptionMode.Static;

    public void AddAll(string socketId, IEnumerable<string> rooms)
    {
        if (!DynamicRooms)
        {
            _local.AddAll(socketId, rooms);
            return;
        }

        var list = rooms as IReadOnlyCollection<string> ?? [.. rooms];
        _local.AddAll(socketId, list);
        SyncRooms(list, socketId);
    }

    public void Del(string socketId, string room)
    {
        _local.Del(socketId, room);
        if (DynamicRooms)
        {
            SyncRoom(room, socketId);
        }
    }

    public void DelAll(string socketId)
    {
        if (!DynamicRooms)
        {
            _local.DelAll(socketId);
            return;
        }

        var rooms = _local.SocketRooms(socketId);
        _local.DelAll(socketId);
        SyncRooms(rooms, socketId);
    }

    /// <summary>After rooms changed here (<paramref name="socketId"/>'s, or any socket's when null): their channels follow.</summary>
    private void SyncRooms(IEnumerable<string> rooms, string? socketId)
    {
        if (!DynamicRooms)
        {
            return;
        }

        foreach (var room in rooms)
        {
            SyncRoom(room, socketId);
        }
    }

    private void SyncRoom(string room, string? socketId)
    {
        lock (_roomLock)
        {
            var subscribed = _roomQueues.ContainsKey(room);
            if (_closed || (!subscribed && !HasChannel(room, socketId)))
            {
                return;
            }

            // A socket joins its rooms before its namespace lists it (and Sockets() finds only listed sockets).
            var exists = (socketId is not null && _local.SocketRooms(socketId).Contains(room))
                || _local.Sockets(new HashSet<string>(1, StringComparer.Ordinal) { room }).Count > 0;
            if (exists && !subscribed)
            {
                // Called under the lock, so that the SSUBSCRIBE and SUNSUBSCRIBE of a room go out in order.
                _roomQueues[room] = SubscribeRoomAsync(room);
            }
            else if (!exists && subscribed)
            {
                _roomQueues.Remove(room, out var queue);
                _ = UnsubscribeRoomAsync(queue!);
            }
        }
    }

    /// <summary>Node's rule: in dynamic mode a room that is a socket id here gets no channel; in dynamic-private every room does.</summary>
    private bool HasChannel(string room, string? socketId) =>
        _options.SubscriptionMode == RedisShardedSubscriptionMode.DynamicPrivate
        || (room != socketId && !_nsp.Sockets.ContainsKey(room));

    private async Task<ChannelMessageQueue?> SubscribeRoomAsync(string room)
    {
        try
        {
            var queue = await _connection.Subscriber.SubscribeAsync(RoomChannel(room));
            queue.OnMessage(OnMessageAsync);
            return queue;
        }
        catch (Exception ex)
        {
            Log.RoomSubscribeFailed(_logger, room, _nsp.Name, ex);
            return null;
        }
    }

    private async Task UnsubscribeRoomAsync(Task<ChannelMessageQueue?> subscription)
    {
        try
        {
            if (await subscription is { } queue)
            {
                await queue.UnsubscribeAsync();
            }
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            Log.RoomUnsubscribeFailed(_logger, _nsp.Name, ex);
        }
    }

    /// <summary>Stops following rooms and hands over their subscriptions (at shutdown).</summary>
    private async Task<List<ChannelMessageQueue>> TakeRoomQueuesAsync()
    {
        Task<ChannelMessageQueue?>[] subscriptions;
        lock (_roomLock)
        {
            _closed = true;
            subscriptions = [.. _roomQueues.Values];
            _roomQueues.Clear();
        }

        var queues = new List<ChannelMessageQueue>(subscriptions.Length);
        foreach (var subscription in subscriptions)
        {
            if (await subscription is { } queue)
            {
                queues.Add(queue);
            }
        }

        return queues;
    }

    /// <summary>
    /// Completes when the room channels asked for so far are subscribed. Like Node's adapter, a join does not wait for
    /// Redis: a broadcast to the room alone that another server sends before this completes does not reach here.
    /// </summary>
    internal Task RoomSubscriptionsAsync()
    {
        lock (_roomLock)
        {
            return Task.WhenAll(_roomQueues.Values);
        }
    }

    /// <summary>The room channels subscribed now (tests check them against Node's).</summary>
    internal string[] SubscribedRooms()
    {
        lock (_roomLock)
        {
            return [.. _roomQueues.Keys];
        }
    }
}
