namespace SocketIo.Adapters;

/// <summary>
/// Keeps a namespace's rooms and carries its broadcasts. The in-memory adapter serves one server; a multi-node adapter
/// (Redis, say) implements the same contract and forwards what concerns other servers, and callers never know.
/// </summary>
/// <remarks>Every member may be called concurrently.</remarks>
public interface ISocketIoAdapter
{
    /// <summary>How many servers share the namespace (1 for the in-memory adapter).</summary>
    ValueTask<int> ServerCountAsync();

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

    /// <summary>The selected sockets, on this server and (unless <see cref="SocketIoBroadcastOptions.Local"/>) on the others.</summary>
    /// <exception cref="TimeoutException">A server that was counted did not answer in time.</exception>
    ValueTask<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync(SocketIoBroadcastOptions options);

    /// <summary>Every room that has a member, on every server.</summary>
    /// <exception cref="TimeoutException">A server that was counted did not answer in time.</exception>
    ValueTask<IReadOnlyCollection<string>> AllRoomsAsync();

    /// <summary>
    /// Sends an event to the other servers' namespaces of the same name. <paramref name="data"/> is the UTF-8 JSON array
    /// <c>[name, ...args]</c>.
    /// </summary>
    void ServerSideEmit(ReadOnlyMemory<byte> data);

    /// <summary>
    /// Sends an event to the other servers and collects one answer from each, or those that came before the adapter's
    /// timeout. The in-memory adapter has no other server and answers at once with none.
    /// </summary>
    Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Puts the selected sockets in rooms.</summary>
    ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Takes the selected sockets out of rooms.</summary>
    ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/>, their connections too.</summary>
    ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close);
}
