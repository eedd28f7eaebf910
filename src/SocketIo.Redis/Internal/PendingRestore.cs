using SocketIo.Adapters;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Internal;

/// <summary>
/// A session being restored on this server: the packets for its rooms that this server handles from the moment the
/// restore starts reading the stream until the socket is back in its rooms. Until the read is done they are held
/// here; then those the read already found (ids up to where it stopped) are dropped and the rest, and every later
/// one, go to the recovered session.
/// </summary>
/// <remarks>
/// Thread-safe: packets arrive from the stream poller and from this server's own broadcasts, offered by the local rooms
/// under their lock (<see cref="InMemorySocketIoAdapter.TrackRestore"/>), so that a packet that did not reach the
/// socket because it was not back in its rooms yet is always offered here.
/// </remarks>
internal sealed class PendingRestore(SocketIoSession session, int maxPackets) : IRestoreTracker
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _rooms = new(session.Rooms, StringComparer.Ordinal);
    private List<(StreamId Id, SocketIoPacket Packet)>? _held = [];
    private SocketIoRecoveredSession? _recovered;
    private StreamId _readUpTo;

    /// <summary>More packets came while the stream was read than a restore may hand over.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Node's <c>shouldIncludePacket</c>: to everyone or to one of the session's rooms, and none of its rooms excepted.</summary>
    public static bool Includes(IReadOnlySet<string> sessionRooms, SocketIoBroadcastOptions options)
    {
        var included = options.Rooms.Count == 0;
        foreach (var room in sessionRooms)
        {
            if (options.Except.Contains(room))
            {
                return false;
            }

            included |= options.Rooms.Contains(room);
        }

        return included;
    }

    public void Offer(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        if (!StreamId.TryParse(packet.Offset, out var id) || !Includes(_rooms, options))
        {
            return;
        }

        lock (_lock)
        {
            if (_recovered is null)
            {
                if (_held!.Count >= maxPackets)
                {
                    Overflowed = true;
                    return;
                }

                _held.Add((id, packet));
            }
            else if (id > _readUpTo)
            {
                _recovered.AddMissedPacket(packet);
            }
        }
    }

    /// <summary>The read found everything up to <paramref name="readUpTo"/>: what was held past it follows the read's packets.</summary>
    public void Complete(SocketIoRecoveredSession recovered, StreamId readUpTo)
    {
        lock (_lock)
        {
            _recovered = recovered;
            _readUpTo = readUpTo;
            var held = _held!;
            _held = null;
            held.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            foreach (var (id, packet) in held)
            {
                if (id > readUpTo)
                {
                    recovered.AddMissedPacket(packet);
                }
            }
        }
    }
}
