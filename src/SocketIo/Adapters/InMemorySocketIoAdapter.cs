using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SocketIo.Internal;

namespace SocketIo.Adapters;

/// <summary>
/// Rooms in this process: room → socket ids and socket id → rooms, under one lock. A broadcast collects its targets
/// under the lock into a pooled array and sends outside it, so joins never wait on a large broadcast.
/// </summary>
/// <remarks>
/// Every socket joins the room named after its id and, usually, no other: that room is kept as a flag in the socket's
/// entry rather than as two one-member sets, which would cost an idle connection about 400 bytes.
/// </remarks>
/// <remarks>
/// With a <see cref="RecoveryWindow"/> (connection state recovery on) it keeps recoverable packets and disconnected
/// sockets' sessions; without one, as when a multi-node adapter composes it for its local sockets, it keeps none, and
/// <see cref="RestoreSessionAsync"/> finds nothing.
/// </remarks>
internal sealed class InMemorySocketIoAdapter(SocketIoNamespace nsp, RecoveryWindow? window = null) : ISocketIoSessionAwareAdapter
{
    /// <summary>Up to how many entries (rooms and sockets) every Debug invariant check covers both maps whole.</summary>
    private const int FullInvariantCheckLimit = 1024;

    private readonly Lock _lock = new();

    /// <summary>
    /// Sessions being restored whose sockets are not back in their rooms yet, by socket id: the packets that pass
    /// meanwhile are offered to them (see <see cref="ISocketIoSessionAwareAdapter"/>). Guarded by the lock.
    /// </summary>
    private Dictionary<string, IRestoreTracker>? _restoring;

    /// <summary>Room → members, for every room but the sockets' own.</summary>
    private readonly Dictionary<string, HashSet<string>> _rooms = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Membership> _socketRooms = new(StringComparer.Ordinal);

    public ValueTask<int> ServerCountAsync() => new(1);

    public ValueTask<IReadOnlyCollection<string>> AllRoomsAsync() => new(RoomNames());

    public void ServerSideEmit(ReadOnlyMemory<byte> data)
    {
    }

    public Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Task.FromResult(SocketIoServerSideAckResult.None);

    public void AddAll(string socketId, IEnumerable<string> rooms)
    {
        // The admin dashboard hears of each room a socket enters; the list is only made when it listens.
        var admin = nsp.Server.Admin;
        var joined = admin is { Development: true } ? new List<string>() : null;
        lock (_lock)
        {
            EndRestoreLocked(socketId);
            ref var membership = ref CollectionsMarshal.GetValueRefOrAddDefault(_socketRooms, socketId, out _);
            foreach (var room in rooms)
            {
                if (room == socketId)
                {
                    if (!membership.InOwnRoom)
                    {
                        joined?.Add(room);
                    }

                    membership.InOwnRoom = true;
                    continue;
                }

                membership.Rooms ??= new HashSet<string>(StringComparer.Ordinal);
                if (membership.Rooms.Add(room))
                {
                    if (!_rooms.TryGetValue(room, out var members))
                    {
                        _rooms[room] = members = new HashSet<string>(StringComparer.Ordinal);
                    }

                    members.Add(socketId);
                    joined?.Add(room);
                }
            }

            AssertInvariants(socketId);
        }

        if (joined is { Count: > 0 })
        {
            admin!.OnRoomsJoined(nsp, socketId, joined);
        }
    }

    public void Del(string socketId, string room)
    {
        var left = false;
        lock (_lock)
        {
            ref var membership = ref CollectionsMarshal.GetValueRefOrNullRef(_socketRooms, socketId);
            if (Unsafe.IsNullRef(ref membership))
            {
                return;
            }

            if (room == socketId)
            {
                left = membership.InOwnRoom;
                membership.InOwnRoom = false;
            }
            else if (membership.Rooms?.Remove(room) == true)
            {
                RemoveMemberLocked(room, socketId);
                left = true;
            }

            AssertInvariants(socketId, [room]);
        }

        if (left && nsp.Server.Admin is { Development: true } admin)
        {
            admin.OnRoomsLeft(nsp, socketId, [room]);
        }
    }

    public void DelAll(string socketId)
    {
        Membership membership;
        lock (_lock)
        {
            EndRestoreLocked(socketId);
            if (!_socketRooms.Remove(socketId, out membership))
            {
                return;
            }

            if (membership.Rooms is not null)
            {
                foreach (var room in membership.Rooms)
                {
                    RemoveMemberLocked(room, socketId);
                }
            }

            AssertInvariants(socketId, membership.Rooms);
        }

        if (nsp.Server.Admin is { Development: true } admin)
        {
            // The set was removed with the socket, so it can be read outside the lock.
            List<string> left = membership.InOwnRoom ? [socketId] : [];
            if (membership.Rooms is not null)
            {
                left.AddRange(membership.Rooms);
            }

            if (left.Count > 0)
            {
                admin.OnRoomsLeft(nsp, socketId, left);
            }
        }
    }

    private void RemoveMemberLocked(string room, string socketId)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "The room maps change under the lock.");
        if (_rooms.TryGetValue(room, out var members) && members.Remove(socketId) && members.Count == 0)
        {
            _rooms.Remove(room);
        }
    }

    public IReadOnlyCollection<string> SocketRooms(string socketId)
    {
        lock (_lock)
        {
            if (!_socketRooms.TryGetValue(socketId, out var membership))
            {
                return [];
            }

            var rooms = new List<string>((membership.Rooms?.Count ?? 0) + 1);
            if (membership.InOwnRoom)
            {
                rooms.Add(socketId);
            }

            if (membership.Rooms is not null)
            {
                rooms.AddRange(membership.Rooms);
            }

            return rooms;
        }
    }

    /// <summary>Every room that has members, the sockets' own rooms included.</summary>
    internal List<string> RoomNames()
    {
        lock (_lock)
        {
            var names = new List<string>(_rooms.Count + _socketRooms.Count);
            names.AddRange(_rooms.Keys);
            foreach (var (socketId, membership) in _socketRooms)
            {
                if (membership.InOwnRoom && !_rooms.ContainsKey(socketId))
                {
                    names.Add(socketId);
                }
            }

            return names;
        }
    }

    /// <summary>Whether a room has a member here (a multi-node adapter skips other servers' broadcasts to rooms it lacks).</summary>
    internal bool HasRoom(string room)
    {
        lock (_lock)
        {
            return _rooms.ContainsKey(room) || IsOwnRoomLocked(room);
        }
    }

    /// <summary>Whether <paramref name="room"/> is the own room of a socket that has not left it.</summary>
    private bool IsOwnRoomLocked(string room)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "The room maps change under the lock.");
        return _socketRooms.TryGetValue(room, out var membership) && membership.InOwnRoom;
    }

    /// <summary>
    /// What holds whenever the lock is released: the two maps mirror each other (a socket is among a room's members
    /// exactly when the room is among the socket's rooms), and no room is kept without members. The whole of it is
    /// checked while the maps are small (as in tests); beyond that, only the entries of the socket that changed and of
    /// the rooms it left, since a whole check on every join and leave makes a Debug server's ramp quadratic in its
    /// connections.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants(string socketId, IEnumerable<string>? left = null)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (_rooms.Count + _socketRooms.Count <= FullInvariantCheckLimit)
        {
            AssertAllInvariants();
            return;
        }

        var rooms = _socketRooms.TryGetValue(socketId, out var membership) ? membership.Rooms : null;
        if (rooms is not null)
        {
            foreach (var room in rooms)
            {
                Debug.Assert(_rooms.TryGetValue(room, out var members) && members.Contains(socketId), "A socket lists a room that does not list the socket.");
            }
        }

        if (left is not null)
        {
            foreach (var room in left)
            {
                if (_rooms.TryGetValue(room, out var members))
                {
                    Debug.Assert(members.Count > 0, "An empty room is kept.");
                    Debug.Assert(members.Contains(socketId) == (rooms?.Contains(room) == true), "A room lists a socket that does not list the room.");
                }
            }
        }
    }

    private void AssertAllInvariants()
    {
        foreach (var (room, members) in _rooms)
        {
            Debug.Assert(members.Count > 0, "An empty room is kept.");
            foreach (var socketId in members)
            {
                Debug.Assert(
                    _socketRooms.TryGetValue(socketId, out var membership) && membership.Rooms?.Contains(room) == true,
                    "A room lists a socket that does not list the room.");
            }
        }

        foreach (var (socketId, membership) in _socketRooms)
        {
            if (membership.Rooms is not { } rooms)
            {
                continue;
            }

            foreach (var room in rooms)
            {
                Debug.Assert(_rooms.TryGetValue(room, out var members) && members.Contains(socketId), "A socket lists a room that does not list the socket.");
            }
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
        SocketIoSocket[] targets;
        int count;
        // Without recovery, and with no session being restored, a broadcast keeps nothing and selects as before.
        if ((window is null || options.Volatile) && System.Threading.Volatile.Read(ref _restoring) is null)
        {
            targets = Select(options, out count);
        }
        else
        {
            lock (_lock)
            {
                if (window is not null && !options.Volatile)
                {
                    packet = window.Append(packet, options);
                }

                TrackLocked(packet, options);
                targets = SelectLocked(options, out count);
            }
        }

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

    public void PersistSession(SocketIoSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (window is null)
        {
            return;
        }

        lock (_lock)
        {
            window.Persist(session);
        }
    }

    public ValueTask<SocketIoRecoveredSession?> RestoreSessionAsync(string privateId, string offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privateId);
        ArgumentNullException.ThrowIfNull(offset);
        if (window is null)
        {
            return default;
        }

        lock (_lock)
        {
            var restored = window.Restore(privateId, offset);
            if (restored is not null)
            {
                TrackRestoreLocked(restored.Session.Id, new RecoveredSessionTracker(restored));
            }

            return new(restored);
        }
    }

    /// <summary>
    /// Offers <paramref name="tracker"/> every packet with an offset that this adapter sends from now until socket
    /// <paramref name="socketId"/> is back in its rooms (<see cref="AddAll"/>) or refused (<see cref="DelAll"/>). A
    /// multi-node adapter that composes this one for its local sockets and keeps packets elsewhere calls it before it
    /// reads what was missed: the offer and the selection of a broadcast's targets are under the one lock that adds
    /// the socket's rooms back, so a packet reaches the socket by exactly one of the two ways.
    /// </summary>
    internal void TrackRestore(string socketId, IRestoreTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        ArgumentNullException.ThrowIfNull(tracker);
        lock (_lock)
        {
            TrackRestoreLocked(socketId, tracker);
        }
    }

    /// <summary>Stops offering packets to <paramref name="tracker"/> (its restore failed), if it is still the one for <paramref name="socketId"/>.</summary>
    internal void UntrackRestore(string socketId, IRestoreTracker tracker)
    {
        lock (_lock)
        {
            if (_restoring is not null && _restoring.TryGetValue(socketId, out var current) && ReferenceEquals(current, tracker))
            {
                EndRestoreLocked(socketId);
            }
        }
    }

    private void TrackRestoreLocked(string socketId, IRestoreTracker tracker)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        (_restoring ??= new Dictionary<string, IRestoreTracker>(StringComparer.Ordinal))[socketId] = tracker;
    }

    private void EndRestoreLocked(string socketId)
    {
        if (_restoring is not null && _restoring.Remove(socketId) && _restoring.Count == 0)
        {
            _restoring = null;
        }
    }

    private void TrackLocked(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (_restoring is null || packet.Offset is null)
        {
            return;
        }

        foreach (var (_, tracker) in _restoring)
        {
            tracker.Offer(packet, options);
        }
    }

    public ValueTask<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync(SocketIoBroadcastOptions options) => new(FetchLocal(options));

    /// <summary>This server's selected sockets (what another server's fetch asks this one for).</summary>
    internal SocketIoRemoteSocket[] FetchLocal(SocketIoBroadcastOptions options)
    {
        var targets = Select(options, out var count);
        try
        {
            var sockets = new SocketIoRemoteSocket[count];
            for (var i = 0; i < count; i++)
            {
                sockets[i] = new SocketIoRemoteSocket(targets[i]);
            }

            return sockets;
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
        lock (_lock)
        {
            return SelectLocked(options, out count);
        }
    }

    private SocketIoSocket[] SelectLocked(SocketIoBroadcastOptions options, out int count)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "Targets are selected from the room maps under the lock.");
        count = 0;
        SocketIoSocket[] targets;
        if (options.Rooms.Count == 0)
        {
            targets = ArrayPool<SocketIoSocket>.Shared.Rent(Math.Max(_socketRooms.Count, 1));
            foreach (var socketId in _socketRooms.Keys)
            {
                AddTargetLocked(socketId, options.Except, targets, ref count);
            }
        }
        else if (options.Rooms.Count == 1)
        {
            // One room, as most broadcasts name: its members, without a set of those seen (nobody is in it twice).
            var room = options.Rooms is SingleRoomSet single ? single.Room : options.Rooms.First();
            var own = IsOwnRoomLocked(room);
            _rooms.TryGetValue(room, out var members);
            targets = ArrayPool<SocketIoSocket>.Shared.Rent(Math.Max((members?.Count ?? 0) + (own ? 1 : 0), 1));
            if (own)
            {
                AddTargetLocked(room, options.Except, targets, ref count);
            }

            if (members is not null)
            {
                foreach (var socketId in members)
                {
                    AddTargetLocked(socketId, options.Except, targets, ref count);
                }
            }
        }
        else
        {
            var capacity = 0;
            foreach (var room in options.Rooms)
            {
                capacity += (_rooms.TryGetValue(room, out var members) ? members.Count : 0) + (IsOwnRoomLocked(room) ? 1 : 0);
            }

            targets = ArrayPool<SocketIoSocket>.Shared.Rent(Math.Max(capacity, 1));
            // A socket in several of the rooms gets the packet once.
            HashSet<string>? seen = options.Rooms.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            foreach (var room in options.Rooms)
            {
                if (IsOwnRoomLocked(room) && (seen is null || seen.Add(room)))
                {
                    AddTargetLocked(room, options.Except, targets, ref count);
                }

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

        return targets;
    }

    private void AddTargetLocked(string socketId, IReadOnlySet<string> except, SocketIoSocket[] targets, ref int count)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "Targets are selected from the room maps under the lock.");
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
        Debug.Assert(_lock.IsHeldByCurrentThread, "The room maps change under the lock.");
        foreach (var room in except)
        {
            if ((room == socketId && IsOwnRoomLocked(room)) || (_rooms.TryGetValue(room, out var members) && members.Contains(socketId)))
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

    /// <summary>A socket's rooms: its own as a flag, the others in a set made on the first join.</summary>
    private struct Membership
    {
        public bool InOwnRoom;
        public HashSet<string>? Rooms;
    }
}
