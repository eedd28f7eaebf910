namespace SocketIo.Adapters;

/// <summary>What is kept of a disconnected socket for connection state recovery.</summary>
public sealed class SocketIoSession
{
    /// <summary>Creates a session.</summary>
    /// <param name="id">The socket's public id (<see cref="SocketIoSocket.Id"/>).</param>
    /// <param name="privateId">The private session id the client was given in the CONNECT answer (<c>pid</c>).</param>
    /// <param name="rooms">The rooms the socket was in, its own id room included.</param>
    /// <param name="data">The socket's <see cref="SocketIoSocket.Data"/>.</param>
    public SocketIoSession(string id, string privateId, IReadOnlyList<string> rooms, object? data)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(privateId);
        ArgumentNullException.ThrowIfNull(rooms);
        Id = id;
        PrivateId = privateId;
        Rooms = rooms;
        Data = data;
    }

    /// <summary>The socket's public id, which the recovered socket keeps.</summary>
    public string Id { get; }

    /// <summary>The private session id (<c>pid</c>): only the client knows it, and it names the session.</summary>
    public string PrivateId { get; }

    /// <summary>The rooms the socket was in, its own id room included.</summary>
    public IReadOnlyList<string> Rooms { get; }

    /// <summary>
    /// The socket's <see cref="SocketIoSocket.Data"/>. The in-memory adapter keeps the object itself; an adapter that
    /// stores sessions elsewhere keeps what it can serialize and gives back what it deserialized.
    /// </summary>
    public object? Data { get; }
}
