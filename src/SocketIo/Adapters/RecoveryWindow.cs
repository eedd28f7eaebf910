using System.Diagnostics;
using System.Globalization;

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
        var bytes = EntryOverheadBytes + (long)sent.Text.Length + RoomBytes(selection.Rooms) + RoomBytes(selection.Except);
        foreach (var attachment in sent.Attachments)
        {
            bytes += attachment.Length;
        }

        if (_count == _ring.Length)
        {
            Grow();
        }

        // The bytes alone: the packet object, its offset (the entry's place gives it) and the event's arguments are made
        // again for the few that a restore sends.
        _ring[(_head + _count) % _ring.Length] = new Entry(sent.Text, sent.Attachments, selection, now, bytes);
        _count++;
        _bytes += bytes;
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
            if (Includes(rooms, entry.Selection))
            {
                missed.Add(SocketIoPacket.Restored(entry.Text, entry.Attachments, (first + i).ToString(CultureInfo.InvariantCulture)));
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

            _bytes -= oldest.Bytes;
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
        var larger = new Entry[_ring.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = larger;
        _head = 0;
    }

    private readonly record struct Entry(
        ReadOnlyMemory<byte> Text, IReadOnlyList<ReadOnlyMemory<byte>> Attachments, SocketIoBroadcastOptions Selection, long Timestamp, long Bytes);

    private sealed record PersistedSession(SocketIoSession Session, long PersistedAt);
}
