namespace SocketIo;

/// <summary>
/// Event handlers by name, built once and given to every socket that should have them with
/// <see cref="SocketIoSocket.On(SocketIoEventHandlers)"/>. Immutable: <see cref="On"/> returns a new set.
/// </summary>
/// <remarks>
/// A socket given a set while it has no event handlers of its own holds the set itself rather than a copy, so handlers
/// that every socket of a server has cost an idle connection nothing; the socket copies it only when its own handlers
/// change (<see cref="SocketIoSocket.On(string, SocketIoEventListener)"/>, <see cref="SocketIoSocket.Off"/>).
/// </remarks>
public sealed class SocketIoEventHandlers
{
    private SocketIoEventHandlers(KeyValuePair<string, SocketIoEventListener[]>[] entries) => Entries = entries;

    /// <summary>No handlers.</summary>
    public static SocketIoEventHandlers Empty { get; } = new([]);

    /// <summary>Event name → its handlers, in the order added; never changed once the set is built.</summary>
    internal KeyValuePair<string, SocketIoEventListener[]>[] Entries { get; }

    /// <summary>
    /// A set with <paramref name="handler"/> added for <paramref name="eventName"/>, after any this set has for it; this
    /// set is unchanged.
    /// </summary>
    public SocketIoEventHandlers On(string eventName, SocketIoEventListener handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        return new(Add(Entries, eventName, [handler]));
    }

    /// <summary>
    /// <paramref name="entries"/> with <paramref name="handlers"/> added for <paramref name="eventName"/>, as a new
    /// array: a table may be shared, so it is never changed in place.
    /// </summary>
    internal static KeyValuePair<string, SocketIoEventListener[]>[] Add(
        KeyValuePair<string, SocketIoEventListener[]>[] entries, string eventName, SocketIoEventListener[] handlers)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Key == eventName)
            {
                var copy = (KeyValuePair<string, SocketIoEventListener[]>[])entries.Clone();
                copy[i] = new(eventName, [.. entries[i].Value, .. handlers]);
                return copy;
            }
        }

        return [.. entries, new(eventName, handlers)];
    }
}
