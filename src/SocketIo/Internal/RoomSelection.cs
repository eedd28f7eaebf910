using System.Collections.Immutable;
using SocketIo.Adapters;

namespace SocketIo.Internal;

/// <summary>
/// The rooms a broadcast operator names as it is chained: none, one, or several. Most emits name one room, the set of
/// its sockets: that one is kept as its name, not as an immutable set (a set, a node and a bucket per emit), and
/// handed to the adapter as a <see cref="SingleRoomSet"/>.
/// </summary>
internal readonly struct RoomSelection
{
    private static readonly ImmutableHashSet<string> _empty = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    /// <summary>Null (no room), the one room's name, or an <see cref="ImmutableHashSet{T}"/> of two or more.</summary>
    private readonly object? _rooms;

    private RoomSelection(object rooms) => _rooms = rooms;

    public RoomSelection Add(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return _rooms switch
        {
            null => new RoomSelection(room),
            string one when string.Equals(one, room, StringComparison.Ordinal) => this,
            string one => new RoomSelection(_empty.Add(one).Add(room)),
            _ => new RoomSelection(((ImmutableHashSet<string>)_rooms).Add(room)),
        };
    }

    /// <summary>The rooms as the adapter takes them; a new set of one for one room, as a broadcast may keep it.</summary>
    public IReadOnlySet<string> ToSet() => _rooms switch
    {
        null => SocketIoBroadcastOptions.NoRooms,
        string one => new SingleRoomSet(one),
        _ => (ImmutableHashSet<string>)_rooms,
    };
}
