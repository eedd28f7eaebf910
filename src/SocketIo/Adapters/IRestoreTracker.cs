namespace SocketIo.Adapters;

/// <summary>
/// A restore in progress that <see cref="InMemorySocketIoAdapter"/> hands each packet with an offset to, under its
/// lock, until the restored socket is back in its rooms or refused: under the lock that selects a broadcast's
/// targets and adds rooms, so that every packet reaches the socket either directly or through the restore.
/// </summary>
internal interface IRestoreTracker
{
    /// <summary>A packet with an offset sent to <paramref name="options"/>; called under the adapter's lock, so it must not block.</summary>
    void Offer(SocketIoPacket packet, SocketIoBroadcastOptions options);
}
