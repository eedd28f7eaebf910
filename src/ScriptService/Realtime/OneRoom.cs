using System.Collections;

namespace ScriptService.Realtime;

/// <summary>
/// A set of one room name, to ask the adapter for a room's sockets on this server
/// (<see cref="SocketIo.Adapters.ISocketIoAdapter.Sockets"/>) with one small object rather than a hash set.
/// </summary>
internal sealed class OneRoom(string room) : IReadOnlySet<string>
{
    public int Count => 1;

    public bool Contains(string item) => string.Equals(item, room, StringComparison.Ordinal);

    public IEnumerator<string> GetEnumerator()
    {
        yield return room;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => IsSubsetOf(other) && other.Any(item => !Contains(item));

    public bool IsProperSupersetOf(IEnumerable<string> other) => !other.Any();

    public bool IsSubsetOf(IEnumerable<string> other) => other.Contains(room, StringComparer.Ordinal);

    public bool IsSupersetOf(IEnumerable<string> other) => other.All(Contains);

    public bool Overlaps(IEnumerable<string> other) => IsSubsetOf(other);

    public bool SetEquals(IEnumerable<string> other) => IsSubsetOf(other) && IsSupersetOf(other);
}
