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
internal sealed class RecoveryWindow(SocketIoConnectionStateRecoveryOptions options, TimeProvider timeProvider)
{
    /// <summary>What a kept packet costs beyond its bytes: the entry, the packet object, its options.</summary>
    internal const int EntryOverheadBytes = 160;

    /// <summary>What each room name of a kept packet's selection is counted for, beyond its characters.</summary>
    private const int RoomOverheadBytes = 48;

    private readonly long _maxBytes = options.MaxBufferedBytes;
    private readonly TimeSpan _duration = options.MaxDisconnectionDuration;
    private readonly Dictionary<string, PersistedSession> _sessions = new(StringComparer.Ordinal);
    /// <summary>The template kept last, which the next packet to one room shares if it is the same but for the room.</summary>
    private RoomTemplate? _lastTemplate;
    /// <summary>Sessions in the order they were persisted, to expire them from the oldest.</summary>
    private readonly Queue<PersistedSession> _expiry = new();
    private Entry[] _ring = new Entry[16];
    private int _head;
    private int _count;
    private long _bytes;
    /// <summary>The sequence of the newest packet; the oldest kept is <c>_last - _count + 1</c>.</summary>
    private long _last;

    /// <summary>Packets kept now; for tests.</summary>
    internal int PacketCount => _count;

    /// <summary>Bytes counted for the packets kept now; for tests.</summary>
    internal long Bytes => _bytes;

    /// <summary>Sessions kept now; for tests.</summary>
    internal int SessionCount => _sessions.Count;

    /// <summary>Gives a recoverable packet the next offset and keeps it; returns the packet to send.</summary>
    public SocketIoPacket Append(SocketIoPacket packet, SocketIoBroadcastOptions selection)
    {
        var now = timeProvider.GetTimestamp();
        var sequence = ++_last;
        var sent = packet.WithOffset(sequence.ToString(CultureInfo.InvariantCulture));
        if (_count == _ring.Length)
        {
            Grow();
        }

        // The bytes alone, without the offset (the entry's place gives it, and a restore splices it in again): not the
        // packet object nor the event's arguments, which are made again for the few that a restore sends. A selection
        // of one room is kept as the room's name, which its socket holds anyway.
        var room = SingleRoom(selection);
        var entry = new Entry(Keep(packet, room), (object?)room ?? selection, now);
        _ring[(_head + _count) % _ring.Length] = entry;
        _count++;
        _bytes += BytesOf(entry, sequence);
        Evict(now);
        return sent;
    }

    public void Persist(SocketIoSession session)
    {
        var now = timeProvider.GetTimestamp();
        ExpireSessions(now);
        var persisted = new PersistedSession(session, now);
        _sessions[session.PrivateId] = persisted;
        _expiry.Enqueue(persisted);
    }

    /// <summary>Takes a session back with the packets it missed after <paramref name="offset"/>; null if it cannot be.</summary>
    public SocketIoRecoveredSession? Restore(string privateId, string offset)
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
            if (entry.Selection is string room ? Contains(rooms, room) : Includes(rooms, (SocketIoBroadcastOptions)entry.Selection))
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

    private static bool Contains(IReadOnlyList<string> rooms, string room)
    {
        foreach (var candidate in rooms)
        {
            if (string.Equals(candidate, room, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one room a selection names, with nothing excepted; null for any other selection.</summary>
    private static string? SingleRoom(SocketIoBroadcastOptions selection) =>
        selection.Except.Count == 0 && selection.Rooms is SingleRoomSet single ? single.Room : null;

    /// <summary>
    /// What an entry keeps of a packet: its text as a template when that names the packet's one room once (which a
    /// restore fills in again), so that the same message sent to many sockets, each naming its own id, as a
    /// connection's welcome does, is kept once for all of them; otherwise its text, and its attachments if it has any.
    /// </summary>
    private object Keep(SocketIoPacket packet, string? room)
    {
        if (packet.Attachments.Count == 0 && room is not null && RoomTemplate.TryCreate(packet.Text.Span, room, _lastTemplate, out var template))
        {
            return _lastTemplate = template;
        }

        // A text that is part of a larger array is copied: kept as it is, it would keep the whole array, uncounted.
        var text = MemoryMarshal.TryGetArray(packet.Text, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : packet.Text.ToArray();
        return packet.Attachments.Count > 0 ? new KeptPacket(text, packet.Attachments) : text;
    }

    private static SocketIoPacket Restored(in Entry entry, string offset)
    {
        var (text, attachments) = entry.Payload switch
        {
            byte[] bytes => (bytes, (IReadOnlyList<ReadOnlyMemory<byte>>)[]),
            RoomTemplate template => (template.Fill((string)entry.Selection), []),
            KeptPacket kept => (kept.Text, kept.Attachments),
            _ => throw new UnreachableException(),
        };
        return SocketIoPacket.Restored(PacketOffsets.Append(text.Span, offset), attachments, offset);
    }

    /// <summary>
    /// What an entry is counted for against the bound: its text with its offset (the offset's digits, its quotes and a
    /// comma), its attachments, its selection's rooms and a fixed overhead. Computed from the entry, not kept in it: the
    /// same when it is kept as when it leaves.
    /// </summary>
    private static long BytesOf(in Entry entry, long sequence)
    {
        long bytes = EntryOverheadBytes + SocketPacketWriter.CountDigits((ulong)sequence) + 3;
        switch (entry.Payload)
        {
            case byte[] text:
                bytes += text.Length;
                break;
            case RoomTemplate template:
                bytes += template.TextLength((string)entry.Selection);
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
            : RoomBytes(((SocketIoBroadcastOptions)entry.Selection).Rooms) + RoomBytes(((SocketIoBroadcastOptions)entry.Selection).Except));
    }

    private static long RoomBytes(IReadOnlySet<string> rooms)
    {
        long bytes = 0;
        foreach (var room in rooms)
        {
            bytes += RoomOverheadBytes + (2L * room.Length);
        }

        return bytes;
    }

    private void Evict(long now)
    {
        while (_count > 0)
        {
            ref var oldest = ref _ring[_head];
            if (_bytes <= _maxBytes && timeProvider.GetElapsedTime(oldest.Timestamp, now) <= _duration)
            {
                break;
            }

            _bytes -= BytesOf(oldest, _last - _count + 1);
            oldest = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
        }

        Debug.Assert(_count > 0 || _bytes == 0, "The byte count drifted from the packets kept.");
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
    /// A kept packet: <see cref="Payload"/> is its text (a whole array), a <see cref="RoomTemplate"/> or a
    /// <see cref="KeptPacket"/>; <see cref="Selection"/> the one room it was sent to, or its
    /// <see cref="SocketIoBroadcastOptions"/>. Small, as a window holds one per recoverable emit, on an idle server the
    /// welcome of every connection: its byte count is computed from it (<see cref="BytesOf"/>).
    /// </summary>
    private readonly record struct Entry(object Payload, object Selection, long Timestamp);

    /// <summary>A kept packet that has attachments.</summary>
    private sealed record KeptPacket(ReadOnlyMemory<byte> Text, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);

    private sealed record PersistedSession(SocketIoSession Session, long PersistedAt);
}
