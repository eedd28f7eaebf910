namespace SocketIo.Adapters;

/// <summary>A session taken back by <see cref="ISocketIoSessionAwareAdapter.RestoreSessionAsync"/>, with the packets its socket missed.</summary>
public sealed class SocketIoRecoveredSession
{
    private readonly Lock _lock = new();
    private readonly List<SocketIoPacket> _missed;

    /// <summary>Creates a recovered session.</summary>
    /// <param name="session">The session as it was persisted.</param>
    /// <param name="missedPackets">The packets sent after the client's offset that its socket would have received, in order, each with its offset.</param>
    public SocketIoRecoveredSession(SocketIoSession session, IEnumerable<SocketIoPacket> missedPackets)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(missedPackets);
        Session = session;
        _missed = [.. missedPackets];
    }

    /// <summary>The session as it was persisted.</summary>
    public SocketIoSession Session { get; }

    /// <summary>The packets missed so far, in the order they were sent (a snapshot).</summary>
    public IReadOnlyList<SocketIoPacket> MissedPackets
    {
        get
        {
            lock (_lock)
            {
                return [.. _missed];
            }
        }
    }

    /// <summary>
    /// Adds a packet sent after the restore for the session's rooms, before the socket is back in them (see
    /// <see cref="ISocketIoSessionAwareAdapter"/>). A packet whose offset is already among the missed packets is not
    /// added twice.
    /// </summary>
    public void AddMissedPacket(SocketIoPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        lock (_lock)
        {
            if (packet.Offset is { } offset)
            {
                // The packet may have been read for the restore and handed to the adapter live as well; the last few are
                // the only candidates.
                for (var i = _missed.Count - 1; i >= 0 && i >= _missed.Count - 64; i--)
                {
                    if (_missed[i].Offset == offset)
                    {
                        return;
                    }
                }
            }

            _missed.Add(packet);
        }
    }
}
