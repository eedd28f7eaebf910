using System.Collections;

namespace SocketIo.Internal;

/// <summary>
/// A set of exactly one room, compared ordinally: a socket's own room, which selects the socket for its own emits when
/// connection state recovery is on, and the room of a broadcast to one room. Every socket keeps one for its life, where
/// a hash set of one would take several times the memory (the set, its buckets and its entries).
/// </summary>
internal sealed class SingleRoomSet(string room) : IReadOnlySet<string>
{
    public string Room { get; } = room;

    public int Count => 1;

    public bool Contains(string item) => string.Equals(item, Room, StringComparison.Ordinal);

    public IEnumerator<string> GetEnumerator() => new Enumerator(Room);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var containsRoom = false;
        var containsOther = false;
        foreach (var item in other)
        {
            if (Contains(item))
            {
                containsRoom = true;
            }
            else
            {
                containsOther = true;
            }
        }

        return containsRoom && containsOther;
    }

    public bool IsProperSupersetOf(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return !other.Any();
    }

    public bool IsSubsetOf(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Any(Contains);
    }

    public bool IsSupersetOf(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.All(Contains);
    }

    public bool Overlaps(IEnumerable<string> other) => IsSubsetOf(other);

    public bool SetEquals(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var any = false;
        foreach (var item in other)
        {
            if (!Contains(item))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private sealed class Enumerator(string room) : IEnumerator<string>
    {
        private int _position = -1;

        public string Current => _position == 0 ? room : throw new InvalidOperationException("The enumerator is not on an element.");

        object IEnumerator.Current => Current;

        public bool MoveNext() => ++_position == 0;

        public void Reset() => _position = -1;

        public void Dispose()
        {
        }
    }
}
