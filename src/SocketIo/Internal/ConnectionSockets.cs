using System.Diagnostics;

namespace SocketIo.Internal;

/// <summary>
/// The sockets of one connection, one per namespace, guarded by the connection's lock, which the sockets share for their
/// own state.
/// </summary>
/// <remarks>
/// <para>Few sockets, so an array searched in order, replaced on change (a dictionary would cost an idle connection more than
/// the socket itself), and the one socket of most connections without an array. A mutable struct, held in a field of its connection and used only through that field (never
/// copied), so that an idle connection pays for no object.
/// </para>
/// <para>The connection's one lock is the monitor of its <see cref="SocketIoClient"/> object (<see cref="SocketIoClient.Lock"/>):
/// a connection rarely has more than one socket, every critical section is short and calls out to nothing, and a lock
/// object per socket would cost every idle connection one more object. Nothing outside the library can reach the client,
/// so not even one lock object per connection is allocated. The methods take it from their caller rather than keeping
/// it in a field of their own, which would be one more reference per connection to the object that holds them.</para>
/// </remarks>
internal struct ConnectionSockets()
{
    /// <summary>
    /// Null, the one socket (as most connections have: no array for it), or an array of two or more, never changed,
    /// only replaced.
    /// </summary>
    private object? _items;

    /// <summary>How many namespaces the connection has joined (read without the lock: an early check, made again under it).</summary>
    public int Count => CountOf(Volatile.Read(ref _items));

    /// <summary>The sockets now, to act on outside the lock (the array is never changed, only replaced).</summary>
    public SocketIoSocket[] Snapshot(object gate)
    {
        lock (gate)
        {
            return _items switch
            {
                null => [],
                SocketIoSocket socket => [socket],
                var items => (SocketIoSocket[])items,
            };
        }
    }

    public SocketIoSocket? Find(object gate, string nsp)
    {
        lock (gate)
        {
            return FindLocked(gate, nsp);
        }
    }

    public readonly SocketIoSocket? FindLocked(object gate, string nsp)
    {
        Debug.Assert(Monitor.IsEntered(gate), "The sockets array is replaced under the lock.");
        if (_items is SocketIoSocket one)
        {
            return one.Namespace.Name == nsp ? one : null;
        }

        foreach (var socket in (SocketIoSocket[]?)_items ?? [])
        {
            if (socket.Namespace.Name == nsp)
            {
                return socket;
            }
        }

        return null;
    }

    public readonly int CountLocked(object gate)
    {
        Debug.Assert(Monitor.IsEntered(gate), "The count only decides a join while the lock is held.");
        return CountOf(_items);
    }

    /// <summary>Adds a socket whose namespace the connection has not joined; the caller has checked that under the lock.</summary>
    public void AddLocked(SocketIoSocket socket)
    {
        Debug.Assert(Monitor.IsEntered(socket.Client.Lock), "The sockets array is replaced under the lock.");
        Debug.Assert(FindLocked(socket.Client.Lock, socket.Namespace.Name) is null, "One socket per namespace.");
        _items = _items switch
        {
            null => socket,
            SocketIoSocket one => new[] { one, socket },
            var items => (SocketIoSocket[])[.. (SocketIoSocket[])items, socket],
        };
        AssertInvariants(socket.Client);
    }

    public void Remove(SocketIoSocket socket)
    {
        lock (socket.Client.Lock)
        {
            if (ReferenceEquals(_items, socket))
            {
                _items = null;
            }
            else if (_items is SocketIoSocket[] items && Array.IndexOf(items, socket) is var index and >= 0)
            {
                _items = items.Length == 2 ? items[1 - index] : (SocketIoSocket[])[.. items.AsSpan(0, index), .. items.AsSpan(index + 1)];
            }

            AssertInvariants(socket.Client);
        }
    }

    private static int CountOf(object? items) => items switch
    {
        null => 0,
        SocketIoSocket => 1,
        var array => ((SocketIoSocket[])array).Length,
    };

    /// <summary>What holds whenever the lock is released: every socket is the connection's own, one per namespace.</summary>
    [Conditional("DEBUG")]
    private readonly void AssertInvariants(SocketIoClient client)
    {
        Debug.Assert(Monitor.IsEntered(client.Lock));
        var items = _items switch
        {
            null => [],
            SocketIoSocket one => [one],
            var array => (SocketIoSocket[])array,
        };
        Debug.Assert(_items is not SocketIoSocket[] || items.Length >= 2, "One socket is kept without an array.");
        for (var i = 0; i < items.Length; i++)
        {
            Debug.Assert(items[i].Client == client, "A socket of another connection is in the list.");
            for (var j = i + 1; j < items.Length; j++)
            {
                Debug.Assert(items[i].Namespace.Name != items[j].Namespace.Name, "Two sockets of one connection in one namespace.");
            }
        }
    }
}
