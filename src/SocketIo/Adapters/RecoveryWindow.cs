using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace SocketIo.Adapters;

/// <summary>
/// The in-memory adapter's connection state recovery: the recoverable packets of one namespace, newest last, and the
/// sessions of its disconnected sockets. Not thread-safe: the adapter calls it under its lock, so that a packet is
/// logged and its targets selected in one step (a socket is then either a target or finds the packet in the log).
/// </summary>
/// <remarks>
/// The memory it holds is bounded: packets leave when they are older than the disconnection window or when the
/// packets kept exceed <see cref="SocketIoConnectionStateRecoveryOptions.MaxBufferedBytes"/>, oldest first; sessions
/// leave when the window has passed (or when restored). Offsets are a per-namespace sequence, so the packet of an
/// offset is found by subtraction rather than by the reference's scan of the whole log.
/// </remarks>
/// <remarks>
/// A packet's bytes are copied into the window's <see cref="RecoveryArena"/>, a queue of reused chunks, so that keeping
/// a packet makes no array that survives into the collector's older generations; the chunks it holds count whole
/// against the bound, so the bound is still that of all the window holds. A packet with attachments, one larger than a
/// chunk takes, and a template (<see cref="RoomTemplate"/>) keep their own objects as before.
/// </remarks>
internal sealed class RecoveryWindow(SocketIoConnectionStateRecoveryOptions options, TimeProvider timeProvider)
{
    /// <summary>What a kept packet costs beyond its bytes: the entry, the packet object, its options.</summary>
    internal const int EntryOverheadBytes = 160;

    /// <summary>What each room name of a kept packet's selection is counted for, beyond its characters.</summary>
    private const int RoomOverheadBytes = 48;

    /// <summary>Up to how many packets each Debug invariant check walks the whole window.</summary>
    private const int FullInvariantCheckLimit = 256;

    /// <summary>The selection of a broadcast to every socket with none excepted, kept for all such packets.</summary>
    private static readonly SocketIoBroadcastOptions _everyone =
        new(SocketIoBroadcastOptions.NoRooms, SocketIoBroadcastOptions.NoRooms, isVolatile: false, isLocal: false);

    private readonly long _maxBytes = options.MaxBufferedBytes;
    private readonly RecoveryArena _arena = new(options.MaxBufferedBytes);
    private readonly TimeSpan _duration = options.MaxDisconnectionDuration;
    private readonly Dictionary<string, PersistedSession> _sessions = new(StringComparer.Ordinal);
    /// <summary>The template kept last, which the next packet to one room shares if it is the same but for the room.</summary>
    private RoomTemplate? _lastTemplate;
    /// <summary>Sessions in the order they were persisted, to expire them from the oldest.</summary>
    private readonly Queue<PersistedSession> _expiry = new();
    private Entry[] _ring = new Entry[16];
    private int _head;
    private int _count;
    /// <summary>Bytes counted for the entries, beyond the chunks that hold their payloads (<see cref="Bytes"/>).</summary>
    private long _entryBytes;
    /// <summary>Debug only: 1 while a thread is inside, to catch a call outside the adapter's lock.</summary>
    private int _inside;
    /// <summary>The sequence of the newest packet; the oldest kept is <c>_last - _count + 1</c>.</summary>
    private long _last;

    /// <summary>Packets kept now; for tests.</summary>
    internal int PacketCount => _count;

    /// <summary>Bytes counted for the packets kept now: their entries, and the chunks held whole.</summary>
    internal long Bytes => _entryBytes + _arena.HeldBytes;

    /// <summary>Chunks held now, the spare included; for tests.</summary>
    internal int ChunkCount => _arena.HeldChunks;

    /// <summary>Chunks made since the window was; for tests.</summary>
    internal long ChunksMade => _arena.ChunksMade;

    /// <summary>The size of the arena's chunks (0 if it has none); for tests.</summary>
    internal int ChunkBytes => _arena.ChunkBytes;

    /// <summary>Sessions kept now; for tests.</summary>
    internal int SessionCount => _sessions.Count;

    /// <summary>Gives a recoverable packet the next offset and keeps it; returns the packet to send.</summary>
    public SocketIoPacket Append(SocketIoPacket packet, SocketIoBroadcastOptions selection)
    {
        // The sequence is taken with the entry: a packet that cannot carry an offset (it throws) must not leave a
        // sequence without its entry, which would shift every offset found by subtraction, and the oldest entry's
        // sequence (_last - _count + 1) must hold while older entries leave to make room.
        var sequence = _last + 1;
        var sent = packet.WithOffset(sequence.ToString(CultureInfo.InvariantCulture));
        Enter();
        var now = timeProvider.GetTimestamp();

        // The old leave first: a chunk they free is the one this packet is written to, and the ring grows only if it
        // is still full without them.
        Evict(now);
        if (_count == _ring.Length)
        {
            Grow();
        }

        // The bytes alone, without the offset (the entry's place gives it, and a restore splices it in again): not the
        // packet object nor the event's arguments, which are made again for the few that a restore sends. A selection
        // of one room is kept as the room's name, beside the text in a chunk, or as the string otherwise.
        var entry = Keep(packet, selection, now);
        _last = sequence;
        _ring[(_head + _count) % _ring.Length] = entry;
        _count++;
        _entryBytes += BytesOf(entry, sequence);
        Evict(now);
        AssertInvariants();
        Exit();
        return sent;
    }

    public void Persist(SocketIoSession session)
    {
        Enter();
        var now = timeProvider.GetTimestamp();
        ExpireSessions(now);
        var persisted = new PersistedSession(session, now);
        _sessions[session.PrivateId] = persisted;
        _expiry.Enqueue(persisted);
        Exit();
    }

    /// <summary>Takes a session back with the packets it missed after <paramref name="offset"/>; null if it cannot be.</summary>
    public SocketIoRecoveredSession? Restore(string privateId, string offset)
    {
        Enter();
        try
        {
            return RestoreCore(privateId, offset);
        }
        finally
        {
            AssertInvariants();
            Exit();
        }
    }

    private SocketIoRecoveredSession? RestoreCore(string privateId, string offset)
    {
        var now = timeProvider.GetTimestamp();
        ExpireSessions(now);
        Evict(now);
        if (!_sessions.Remove(privateId, out var persisted))
        {
            return null;
        }

        if (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence > _last || sequence < _last - _count + 1
            || !string.Equals(sequence.ToString(CultureInfo.InvariantCulture), offset, StringComparison.Ordinal))
        {
            // The offset is not in the window: evicted (too old), or never given here.
            return null;
        }

        var rooms = persisted.Session.Rooms;
        var missed = new List<SocketIoPacket>();
        var first = _last - _count + 1;
        for (var i = (int)(sequence - first) + 1; i < _count; i++)
        {
            ref var entry = ref _ring[(_head + i) % _ring.Length];
            var included = entry.Selection switch
            {
                null => Contains(rooms, RecoveryArena.RoomAt((RecoveryArena.Chunk)entry.Payload, (int)entry.Stamp)),
                string room => Contains(rooms, room),
                _ => Includes(rooms, (SocketIoBroadcastOptions)entry.Selection),
            };
            if (included)
            {
                missed.Add(Restored(entry, (first + i).ToString(CultureInfo.InvariantCulture)));
            }
        }

        return new SocketIoRecoveredSession(persisted.Session, missed);
    }

    /// <summary>Whether a socket in <paramref name="rooms"/> was among the targets of a broadcast to <paramref name="selection"/>.</summary>
    public static bool Includes(IReadOnlyList<string> rooms, SocketIoBroadcastOptions selection)
    {
        var included = selection.Rooms.Count == 0;
        foreach (var room in rooms)
        {
            if (selection.Except.Contains(room))
            {
                return false;
            }

            if (!included && selection.Rooms.Contains(room))
            {
                included = true;
            }
        }

        return included;
    }

    private static bool Contains(IReadOnlyList<string> rooms, ReadOnlySpan<char> room)
    {
        foreach (var candidate in rooms)
        {
            if (candidate.AsSpan().SequenceEqual(room))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one room a selection names, with nothing excepted; null for any other selection.</summary>
    private static string? SingleRoom(SocketIoBroadcastOptions selection)
    {
        if (selection.Except.Count != 0 || selection.Rooms.Count != 1)
        {
            return null;
        }

        if (selection.Rooms is SingleRoomSet single)
        {
            return single.Room;
        }

        foreach (var room in selection.Rooms)
        {
            return room;
        }

        return null;
    }

    /// <summary>
    /// What an entry keeps of a packet: its text as a template when that names the packet's one room once (which a
    /// restore fills in again), so that the same message sent to many sockets, each naming its own id, as a
    /// connection's welcome does, is kept once for all of them; otherwise its text, copied into the arena when it takes
    /// it, and the one room it was sent to in the arena beside it; otherwise its own array, and its attachments if it
    /// has any.
    /// </summary>
    private Entry Keep(SocketIoPacket packet, SocketIoBroadcastOptions selection, long now)
    {
        var room = SingleRoom(selection);
        var kept = room ?? (selection.Rooms.Count == 0 && selection.Except.Count == 0 ? _everyone : (object)selection);
        var text = packet.Text.Span;
        if (packet.Attachments.Count == 0)
        {
            if (room is not null && RoomTemplate.TryCreate(text, room, _lastTemplate, out var template))
            {
                return new Entry(_lastTemplate = template, room, now);
            }

            var length = RecoveryArena.LengthOf(text.Length, room?.Length ?? 0);
            var counted = EntryOverheadBytes + (room is null ? SelectionBytes((SocketIoBroadcastOptions)kept) : 0);
            if (_arena.Takes(length) && counted <= int.MaxValue)
            {
                if (!_arena.HasRoomFor(length))
                {
                    // A new chunk that would take the window over its bound is one freed by the oldest packets, which
                    // would leave anyway: chunks are reused while packets flow, not dropped and made again.
                    while (!_arena.HasSpare && _count > 0 && Bytes + _arena.ChunkBytes > _maxBytes)
                    {
                        EvictOldest();
                    }

                    _arena.StartChunk();
                }

                // The entry's own count (see BytesOf) is kept in the chunk, so that it is not computed again when it leaves.
                var offset = _arena.Write(now, (int)counted, text, room);
                return new Entry(_arena.Tail!, room is null ? kept : null, offset);
            }
        }

        // A text that is part of a larger array is copied: kept as it is, it would keep the whole array, uncounted.
        var bytes = MemoryMarshal.TryGetArray(packet.Text, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : packet.Text.ToArray();
        return new Entry(packet.Attachments.Count > 0 ? new KeptPacket(bytes, packet.Attachments) : bytes, kept, now);
    }

    private static SocketIoPacket Restored(in Entry entry, string offset)
    {
        if (entry.Payload is RecoveryArena.Chunk chunk)
        {
            return SocketIoPacket.Restored(PacketOffsets.Append(RecoveryArena.TextAt(chunk, (int)entry.Stamp), offset), [], offset);
        }

        var (text, attachments) = entry.Payload switch
        {
            byte[] bytes => (bytes, (IReadOnlyList<ReadOnlyMemory<byte>>)[]),
            RoomTemplate template => (template.Fill((string)entry.Selection!), []),
            KeptPacket kept => (kept.Text, kept.Attachments),
            _ => throw new UnreachableException(),
        };
        return SocketIoPacket.Restored(PacketOffsets.Append(text.Span, offset), attachments, offset);
    }

    /// <summary>
    /// What an entry is counted for against the bound beyond the chunks: for a packet in a chunk, a fixed overhead and
    /// its selection's rooms (its text, and its room's name, are in the chunk, which counts whole); for any other, its
    /// text with its offset (the offset's digits, its quotes and a comma), its attachments, its selection's rooms and
    /// the fixed overhead. Computed from the entry, or kept in its chunk, not kept in the entry: the same when it is
    /// kept as when it leaves.
    /// </summary>
    private static long BytesOf(in Entry entry, long sequence)
    {
        if (entry.Payload is RecoveryArena.Chunk chunk)
        {
            return RecoveryArena.CountedAt(chunk, (int)entry.Stamp);
        }

        long bytes = EntryOverheadBytes + SocketPacketWriter.CountDigits((ulong)sequence) + 3;
        switch (entry.Payload)
        {
            case byte[] text:
                bytes += text.Length;
                break;
            case RoomTemplate template:
                bytes += template.TextLength((string)entry.Selection!);
                break;
            case KeptPacket kept:
                bytes += kept.Text.Length;
                foreach (var attachment in kept.Attachments)
                {
                    bytes += attachment.Length;
                }

                break;
        }

        return bytes + (entry.Selection is string room
            ? RoomOverheadBytes + (2L * room.Length)
            : SelectionBytes((SocketIoBroadcastOptions)entry.Selection!));
    }

    private static long SelectionBytes(SocketIoBroadcastOptions selection) => RoomBytes(selection.Rooms) + RoomBytes(selection.Except);

    private static long RoomBytes(IReadOnlySet<string> rooms)
    {
        long bytes = 0;
        if (rooms.Count == 0)
        {
            return bytes;
        }

        foreach (var room in rooms)
        {
            bytes += RoomOverheadBytes + (2L * room.Length);
        }

        return bytes;
    }

    private static long TimestampOf(in Entry entry) =>
        entry.Payload is RecoveryArena.Chunk chunk ? RecoveryArena.TimestampAt(chunk, (int)entry.Stamp) : entry.Stamp;

    /// <summary>Lets the oldest packets go while the window holds more than its bound or they are older than it.</summary>
    private void Evict(long now)
    {
        while (_count > 0
            && (Bytes > _maxBytes || timeProvider.GetElapsedTime(TimestampOf(_ring[_head]), now) > _duration))
        {
            EvictOldest();
        }

        if (_arena.IsEmpty)
        {
            // Nothing in a chunk: an idle window holds none.
            _arena.DropSpare();
        }

        Debug.Assert(_count > 0 || (_entryBytes == 0 && _arena.HeldChunks == 0), "The byte count drifted from the packets kept.");
    }

    private void EvictOldest()
    {
        Debug.Assert(_count > 0, "Only a packet kept can leave.");
        ref var oldest = ref _ring[_head];
        _entryBytes -= BytesOf(oldest, _last - _count + 1);
        if (oldest.Payload is RecoveryArena.Chunk chunk)
        {
            _arena.Release(chunk, (int)oldest.Stamp);
        }

        oldest = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
        Debug.Assert(_entryBytes >= 0, "The byte count drifted from the packets kept.");
    }

    private void ExpireSessions(long now)
    {
        while (_expiry.TryPeek(out var oldest) && timeProvider.GetElapsedTime(oldest.PersistedAt, now) > _duration)
        {
            _expiry.Dequeue();
            // A session persisted again under the same id (it cannot be: ids are random) or already restored is not ours to drop.
            if (_sessions.TryGetValue(oldest.Session.PrivateId, out var current) && ReferenceEquals(current, oldest))
            {
                _sessions.Remove(oldest.Session.PrivateId);
            }
        }
    }

    private void Grow()
    {
        // Half as large again, not twice: on an idle server the window holds an entry per connection (its welcome), and a
        // ring that doubles would leave much of itself empty for good.
        var larger = new Entry[_ring.Length + (_ring.Length / 2)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = larger;
        _head = 0;
    }

    /// <summary>
    /// Checks, in Debug builds, what the window relies on: the bytes counted are those of the entries kept, and the
    /// entries in chunks are exactly the arena's payloads, in order. The whole window is walked only while it is small.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_count > 0 || (_entryBytes == 0 && _arena.HeldChunks == 0), "An empty window counts nothing and holds no chunk.");
        Debug.Assert(_arena.HeldChunks <= (_maxBytes / Math.Max(_arena.ChunkBytes, 1)), "The chunks held are within the bound.");
        if (_count > FullInvariantCheckLimit)
        {
            return;
        }

        long bytes = 0;
        for (var i = 0; i < _count; i++)
        {
            bytes += BytesOf(_ring[(_head + i) % _ring.Length], _last - _count + 1 + i);
        }

        Debug.Assert(bytes == _entryBytes, "The bytes counted are those of the entries kept.");
        _arena.AssertPayloads(ChunkPayloads());
    }

    private IEnumerable<(RecoveryArena.Chunk, int)> ChunkPayloads()
    {
        for (var i = 0; i < _count; i++)
        {
            var entry = _ring[(_head + i) % _ring.Length];
            if (entry.Payload is RecoveryArena.Chunk chunk)
            {
                yield return (chunk, (int)entry.Stamp);
            }
        }
    }

    /// <summary>Debug only: catches two threads inside the window at once, which the adapter's lock rules out.</summary>
    [Conditional("DEBUG")]
    private void Enter() => Debug.Assert(Interlocked.Exchange(ref _inside, 1) == 0, "The window is used under the adapter's lock, by one thread at a time.");

    [Conditional("DEBUG")]
    private void Exit() => Volatile.Write(ref _inside, 0);

    /// <summary>
    /// A kept packet: <see cref="Payload"/> is the <see cref="RecoveryArena.Chunk"/> that holds its text, its text (a
    /// whole array), a <see cref="RoomTemplate"/> or a <see cref="KeptPacket"/>; <see cref="Selection"/> the one room
    /// it was sent to, its <see cref="SocketIoBroadcastOptions"/>, or null for a packet to one room in a chunk (whose
    /// name is in the chunk beside the text); <see cref="Stamp"/> its timestamp, or for a packet in a chunk its place
    /// there (its timestamp is in the chunk). Small, as a window holds one per recoverable emit, on an idle server the
    /// welcome of every connection: its byte count is computed from it or kept in its chunk (<see cref="BytesOf"/>).
    /// </summary>
    private readonly record struct Entry(object Payload, object? Selection, long Stamp);

    /// <summary>A kept packet that has attachments.</summary>
    private sealed record KeptPacket(ReadOnlyMemory<byte> Text, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);

    private sealed record PersistedSession(SocketIoSession Session, long PersistedAt);
}
