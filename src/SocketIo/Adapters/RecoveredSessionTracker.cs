namespace SocketIo.Adapters;

/// <summary>A session restored from this process's window: the packets for its rooms go to its missed packets.</summary>
internal sealed class RecoveredSessionTracker(SocketIoRecoveredSession restored) : IRestoreTracker
{
    public void Offer(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        if (RecoveryWindow.Includes(restored.Session.Rooms, options))
        {
            restored.AddMissedPacket(packet);
        }
    }
}
