namespace SocketIo.Adapters;

/// <summary>
/// An adapter that supports connection state recovery (the reference's <c>SessionAwareAdapter</c>): it keeps the
/// sessions of disconnected sockets and the packets sent meanwhile, and gives them back when a client reconnects.
/// </summary>
/// <remarks>
/// <para>
/// With <see cref="SocketIoOptions.ConnectionStateRecovery"/> set, a socket's own emits without acknowledgement reach
/// the adapter too, as a <see cref="ISocketIoAdapter.Broadcast"/> to the socket's id room, so that they are kept.
/// </para>
/// <para>
/// In <see cref="ISocketIoAdapter.Broadcast"/>, a recoverable packet (every packet given there whose options are not
/// <see cref="SocketIoBroadcastOptions.Volatile"/>: packets with acknowledgement go through
/// <see cref="ISocketIoAdapter.BroadcastWithAck"/> and are never kept) gets an offset unique in the adapter's window
/// with <see cref="SocketIoPacket.WithOffset"/>, and it is that packet the adapter keeps and sends to its targets.
/// </para>
/// <para>
/// <see cref="RestoreSessionAsync"/> returns the packets missed up to the call. The adapter keeps adding to
/// <see cref="SocketIoRecoveredSession.AddMissedPacket"/> the packets for the session's rooms that it handles after the
/// call and before the restored socket's rooms are added again (<see cref="ISocketIoAdapter.AddAll"/> with the
/// session's id), so that no packet falls between the replay and the socket's return; or until
/// <see cref="ISocketIoAdapter.DelAll"/> with that id, when the socket is refused.
/// </para>
/// </remarks>
public interface ISocketIoSessionAwareAdapter : ISocketIoAdapter
{
    /// <summary>
    /// Keeps the session of a socket that disconnected for a reason the client recovers from (a transport close or
    /// error, a ping timeout, a forced or server close, the server shutting down). Called once, before the socket
    /// leaves its rooms; must not block (an adapter that writes to a store does so in the background).
    /// </summary>
    void PersistSession(SocketIoSession session);

    /// <summary>
    /// Takes back the session <paramref name="privateId"/> (it cannot be restored twice) with the packets its socket
    /// missed after <paramref name="offset"/>, in the order they were sent; null when the session is unknown or
    /// expired, or the offset is no longer (or never was) in the window.
    /// </summary>
    ValueTask<SocketIoRecoveredSession?> RestoreSessionAsync(string privateId, string offset, CancellationToken cancellationToken);
}
