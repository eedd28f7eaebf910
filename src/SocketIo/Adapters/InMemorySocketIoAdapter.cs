using System.Buffers;

namespace SocketIo.Adapters;

/// <summary>
/// Rooms in this process: room → socket ids and socket id → rooms, under one lock. A broadcast collects its targets
/// under the lock into a pooled array and sends outside it, so joins never wait on a large broadcast.
/// </summary>
internal sealed class InMemorySocketIoAdapter(SocketIoNamespace nsp) : ISocketIoAdapter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _socketRooms = new(StringComparer.Ordinal);

    public int ServerCount => 1;

    public void AddAll(string socketId, IEnumerable<string> rooms)
    {
        lock (_lock)
        {
            if (!_socketRooms.TryGetValue(socketId, out var joined))
            {
                _socketRooms[socketId] = joined = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var room in rooms)
            {
                if (joined.Add(room))
                {
                    if (!_rooms.TryGetValue(room, out var members))
                    {
                        _rooms[room] = members = new HashSet<string>(StringComparer.Ordinal);
                    }

                    members.Add(socketId);
                }
            }
        }
    }

    public void Del(string socketId, string room)
    {
        lock (_lock)
        {
            if (_socketRooms.TryGetValue(socketId, out var joined))
            {
                joined.Remove(room);
            }

            RemoveMemberLocked(room, socketId);
        }
    }

    public void DelAll(string socketId)
    {
        lock (_lock)
        {
            if (!_socketRooms.Remove(socketId, out var joined))
            {
                return;
            }

            foreach (var room in joined)
            {
                RemoveMemberLocked(room, socketId);
            }
        }
    }

    private void RemoveMemberLocked(string room, string socketId)
    {
        if (_rooms.TryGetValue(room, out var members) && members.Remove(socketId) && members.Count == 0)
        {
            _rooms.Remove(room);
        }
    }

    public IReadOnlyCollection<string> SocketRooms(string socketId)
    {
        lock (_lock)
        {
            return _socketRooms.TryGetValue(socketId, out var joined) ? [.. joined] : [];
        }
    }

    public IReadOnlyCollection<string> Sockets(IReadOnlySet<string> rooms)
    {
        var targets = Select(new SocketIoBroadcastOptions(rooms, SocketIoBroadcastOptions.NoRooms, isVolatile: false, isLocal: true), out var count);
        try
        {
            var ids = new string[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = targets[i].Id;
            }

            return ids;
        }
        finally
        {
            Return(targets, count);
        }
    }

    public void Broadcast(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        var targets = Select(options, out var count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                targets[i].SendBroadcast(packet, options);
            }
        }
        finally
        {
            Return(targets, count);
        }
    }

    public void BroadcastWithAck(SocketIoPacket packet, long ackId, SocketIoBroadcastOptions options, SocketIoAckCollector collector)
    {
        var targets = Select(options, out var count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = targets[i];
                var acks = socket.Client.Acks;
                acks.Register(socket.Id, ackId, collector);
                if (socket.SendBroadcast(packet, options))
                {
                    collector.Expect(1);
                }
                else
                {
                    acks.Take(socket.Id, ackId);
                }
            }
        }
        finally
        {
            Return(targets, count);
        }
    }

    public ValueTask<IReadOnlyList<SocketIoSocket>> FetchSocketsAsync(SocketIoBroadcastOptions options)
    {
        var targets = Select(options, out var count);
        try
        {
            return new ValueTask<IReadOnlyList<SocketIoSocket>>(targets.AsSpan(0, count).ToArray());
        }
        finally
        {
            Return(targets, count);
        }
    }

    public ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        var targets = Select(options, out var count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                AddAll(targets[i].Id, rooms);
            }
        }
        finally
        {
            Return(targets, count);
        }

        return default;
    }

    public ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        var targets = Select(options, out var count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                foreach (var room in rooms)
                {
                    Del(targets[i].Id, room);
                }
            }
        }
        finally
        {
            Return(targets, count);
        }

        return default;
    }

    public async ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close)
    {
        var targets = Select(options, out var count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await targets[i].DisconnectAsync(close);
            }
        }
        finally
        {
            Return(targets, count);
        }
    }

    /// <summary>
    /// The connected sockets selected by <paramref name="options"/>, each once, in a pooled array to give back with
    /// <see cref="Return"/>.
    /// </summary>
    private SocketIoSocket[] Select(SocketIoBroadcastOptions options, out int count)
    {
        count = 0;
        SocketIoSocket[] targets;
        lock (_lock)
        {
            if (options.Rooms.Count == 0)
            {
                targets = ArrayPool<SocketIoSocket>.Shared.Rent(Math.Max(_socketRooms.Count, 1));
                foreach (var socketId in _socketRooms.Keys)
                {
                    AddTargetLocked(socketId, options.Except, targets, ref count);
                }
            }
            else
            {
                var capacity = 0;
                foreach (var room in options.Rooms)
                {
                    capacity += _rooms.TryGetValue(room, out var members) ? members.Count : 0;
                }

                targets = ArrayPool<SocketIoSocket>.Shared.Rent(Math.Max(capacity, 1));
                // A socket in several of the rooms gets the packet once.
                HashSet<string>? seen = options.Rooms.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
                foreach (var room in options.Rooms)
                {
                    if (!_rooms.TryGetValue(room, out var members))
                    {
                        continue;
                    }

                    foreach (var socketId in members)
                    {
                        if (seen is null || seen.Add(socketId))
                        {
                            AddTargetLocked(socketId, options.Except, targets, ref count);
                        }
                    }
                }
            }
        }

        return targets;
    }

    private void AddTargetLocked(string socketId, IReadOnlySet<string> except, SocketIoSocket[] targets, ref int count)
    {
        if (except.Count > 0 && IsExceptedLocked(socketId, except))
        {
            return;
        }

        if (nsp.TryGetSocket(socketId, out var socket) && socket.Connected)
        {
            targets[count++] = socket;
        }
    }

    private bool IsExceptedLocked(string socketId, IReadOnlySet<string> except)
    {
        foreach (var room in except)
        {
            if (_rooms.TryGetValue(room, out var members) && members.Contains(socketId))
            {
                return true;
            }
        }

        return false;
    }

    private static void Return(SocketIoSocket[] targets, int count)
    {
        Array.Clear(targets, 0, count);
        ArrayPool<SocketIoSocket>.Shared.Return(targets);
    }
}
