using System.Diagnostics;

namespace SocketIo.Internal;

/// <summary>
/// The sockets of one connection, one per namespace, guarded by the connection's lock, which the sockets share for their
/// own state.
/// </summary>
/// <remarks>
/// <para>Few sockets, so an array searched in order, replaced on change (a dictionary would cost an idle connection more than
/// the socket itself). A mutable struct, held in a field of its connection and used only through that field (never
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
    private SocketIoSocket[] _items = [];

    /// <summary>How many namespaces the connection has joined (read without the lock: an early check, made again under it).</summary>
    public int Count => Volatile.Read(ref _items).Length;

    /// <summary>The sockets now, to act on outside the lock (the array is never changed, only replaced).</summary>
    public SocketIoSocket[] Snapshot(object gate)
    {
        lock (gate)
        {
            return _items;
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
        foreach (var socket in _items)
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
        return _items.Length;
    }

    /// <summary>Adds a socket whose namespace the connection has not joined; the caller has checked that under the lock.</summary>
    public void AddLocked(SocketIoSocket socket)
    {
        Debug.Assert(Monitor.IsEntered(socket.Client.Lock), "The sockets array is replaced under the lock.");
        Debug.Assert(FindLocked(socket.Client.Lock, socket.Namespace.Name) is null, "One socket per namespace.");
        _items = [.. _items, socket];
        AssertInvariants(socket.Client);
    }

    public void Remove(SocketIoSocket socket)
    {
        lock (socket.Client.Lock)
        {
            var index = Array.IndexOf(_items, socket);
            if (index >= 0)
            {
                _items = _items.Length == 1 ? [] : [.. _items.AsSpan(0, index), .. _items.AsSpan(index + 1)];
            }

            AssertInvariants(socket.Client);
        }
    }

    /// <summary>What holds whenever the lock is released: every socket is the connection's own, one per namespace.</summary>
    [Conditional("DEBUG")]
    private readonly void AssertInvariants(SocketIoClient client)
    {
        Debug.Assert(Monitor.IsEntered(client.Lock));
        for (var i = 0; i < _items.Length; i++)
        {
            Debug.Assert(_items[i].Client == client, "A socket of another connection is in the list.");
            for (var j = i + 1; j < _items.Length; j++)
            {
                Debug.Assert(_items[i].Namespace.Name != _items[j].Namespace.Name, "Two sockets of one connection in one namespace.");
            }
        }
    }
}
