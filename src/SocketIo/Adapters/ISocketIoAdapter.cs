namespace SocketIo.Adapters;

/// <summary>
/// Keeps a namespace's rooms and carries its broadcasts. The in-memory adapter serves one server; a multi-node adapter
/// (Redis, say) implements the same contract and forwards what concerns other servers, and callers never know.
/// </summary>
/// <remarks>Every member may be called concurrently.</remarks>
public interface ISocketIoAdapter
{
    /// <summary>How many servers share the namespace (1 for the in-memory adapter).</summary>
    int ServerCount { get; }

    /// <summary>Adds a socket to rooms.</summary>
    void AddAll(string socketId, IEnumerable<string> rooms);

    /// <summary>Removes a socket from a room; an emptied room is dropped.</summary>
    void Del(string socketId, string room);

    /// <summary>Removes a socket from every room (it disconnected).</summary>
    void DelAll(string socketId);

    /// <summary>The rooms a socket is in.</summary>
    IReadOnlyCollection<string> SocketRooms(string socketId);

    /// <summary>The ids of the sockets in any of <paramref name="rooms"/> (every socket when empty).</summary>
    IReadOnlyCollection<string> Sockets(IReadOnlySet<string> rooms);

    /// <summary>Sends an encoded packet to the selected sockets.</summary>
    void Broadcast(SocketIoPacket packet, SocketIoBroadcastOptions options);

    /// <summary>
    /// Sends an encoded packet that asks for acknowledgement <paramref name="ackId"/> to the selected sockets; each
    /// target is counted into <paramref name="collector"/> and its answer goes there.
    /// </summary>
    void BroadcastWithAck(SocketIoPacket packet, long ackId, SocketIoBroadcastOptions options, SocketIoAckCollector collector);

    /// <summary>The selected sockets.</summary>
    ValueTask<IReadOnlyList<SocketIoSocket>> FetchSocketsAsync(SocketIoBroadcastOptions options);

    /// <summary>Puts the selected sockets in rooms.</summary>
    ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Takes the selected sockets out of rooms.</summary>
    ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/>, their connections too.</summary>
    ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close);
}
