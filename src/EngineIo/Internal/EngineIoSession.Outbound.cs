using System.Buffers;
using System.Diagnostics;
using EngineIo.Protocol;

namespace EngineIo.Internal;

/// <summary>The outcome of offering packets to the outbound queue.</summary>
internal enum OutboundAdmission
{
    Queued,

    /// <summary>Volatile, and there was no room: dropped, the session lives on.</summary>
    Dropped,

    /// <summary>No room even after dropping what was volatile: the client has fallen too far behind.</summary>
    Overflow,
}

internal sealed partial class EngineIoSession
{
    /// <summary>A packet and a ping, or a connection's first packets: the ring starts small.</summary>
    private const int InitialQueueCapacity = 2;

    /// <summary>
    /// A ring buffer, allocated when a packet is queued and grown up to the configured cap; given up when the session
    /// is pinged with nothing queued, so that a connection quiet for a ping interval holds none (and allocates at most
    /// one per ping interval). Pings need no place in it (see <see cref="_pingQueued"/>).
    /// </summary>
    /// <remarks>
    /// The first ring, which the packets sent as a connection begins need (the namespace's answer and an application's
    /// welcome), is given up as soon as they are written (see <see cref="_ringKept"/>): most connections are quiet
    /// after that, and a ring given up only later is garbage that an idle server does not collect.
    /// </remarks>
    private OutboundPacket[]? _queue;

    /// <summary>Set once a ring has been given up as it emptied: from then on one is kept until a ping finds it empty.</summary>
    private bool _ringKept;
    private int _queueHead;
    private int _queueCount;

    /// <summary>
    /// A ping waits to be sent, after the packets in the ring (order does not matter to a ping): a flag rather than a
    /// packet in the ring, so that pinging an idle session allocates nothing.
    /// </summary>
    private volatile bool _pingQueued;

    /// <summary>Payload bytes of the packets in the queue.</summary>
    private long _queuedBytes;

    /// <summary>
    /// Payload bytes of packets a writer has taken from the queue and not finished writing (on a WebSocket, until the
    /// flush that carries them has completed). A client that does not read stalls that write, and the packets stay in
    /// memory (ours and the transport's copy) until it completes, so they count against the bound as long as they wait
    /// in the queue. Not reset by a close: each writer gives back what it
    /// took.
    /// </summary>
    private long _inFlightBytes;

    /// <summary>How many queued packets belong to volatile groups; none means that dropping cannot make room.</summary>
    private int _queuedVolatilePackets;

    /// <summary>
    /// Called once nothing is queued or being written; set only while someone waits for that (rare), so an idle
    /// session holds no delegate.
    /// </summary>
    private Action? _drained;

    /// <summary>Whether the session holds an outbound ring now; for tests.</summary>
    internal bool HoldsOutboundRing
    {
        get
        {
            lock (Gate)
            {
                return _queue is not null;
            }
        }
    }

    /// <summary>Payload bytes the session holds on its way out: queued, and taken by a writer but not yet written.</summary>
    public override long BufferedBytes
    {
        get
        {
            lock (Gate)
            {
                return _queuedBytes + _inFlightBytes;
            }
        }
    }

    public override void WhenDrained(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return;
            }

            if (_queueCount != 0 || _pingQueued || _inFlightBytes != 0)
            {
                _drained += callback;
                return;
            }
        }

        callback();
    }

    /// <summary>
    /// Takes the drain callbacks if the queue has just emptied and no writer holds anything; the caller runs them once
    /// the lock is released (they may queue packets themselves).
    /// </summary>
    private Action? TakeDrainedLocked()
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        if (_drained is null || _queueCount != 0 || _pingQueued || _inFlightBytes != 0)
        {
            return null;
        }

        var drained = _drained;
        _drained = null;
        return drained;
    }

    public override bool Send(ReadOnlyMemory<byte> utf8Text) =>
        Enqueue(new OutboundPacket(EnginePacketType.Message, utf8Text, OutboundPacketFlags.None));

    public override bool SendBinary(ReadOnlyMemory<byte> data) =>
        Enqueue(new OutboundPacket(EnginePacketType.Message, data, OutboundPacketFlags.Binary));

    public override bool Send(ReadOnlySpan<EngineIoMessage> messages)
    {
        var isVolatile = !messages.IsEmpty && messages[0].IsVolatile;
        long bytes = 0;
        foreach (ref readonly var message in messages)
        {
            bytes += message.Data.Length;
        }

        OutboundAdmission admission;
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return false;
            }

            admission = AdmitLocked(messages.Length, bytes, isVolatile);
            if (admission == OutboundAdmission.Queued)
            {
                for (var i = 0; i < messages.Length; i++)
                {
                    ref readonly var message = ref messages[i];
                    var flags = (message.IsBinary ? OutboundPacketFlags.Binary : OutboundPacketFlags.None)
                        | (message.DisableCompression ? OutboundPacketFlags.DisableCompression : OutboundPacketFlags.None)
                        | (!isVolatile ? OutboundPacketFlags.None : i == 0 ? OutboundPacketFlags.Volatile : OutboundPacketFlags.VolatileContinuation);
                    EnqueueLocked(new OutboundPacket(EnginePacketType.Message, message.Data, flags));
                }
            }

            AssertInvariants();
        }

        return Signal(admission);
    }

    /// <summary>Queues a packet from the layer above; closes the session if the client has fallen too far behind.</summary>
    public bool Enqueue(in OutboundPacket packet)
    {
        OutboundAdmission admission;
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return false;
            }

            admission = AdmitLocked(1, packet.BufferedLength, packet.IsVolatile);
            if (admission == OutboundAdmission.Queued)
            {
                EnqueueLocked(packet);
            }

            AssertInvariants();
        }

        return Signal(admission);
    }

    private bool Signal(OutboundAdmission admission)
    {
        switch (admission)
        {
            case OutboundAdmission.Queued:
                WakeWriters();
                return true;
            case OutboundAdmission.Dropped:
                _server.Metrics.VolatileDropped(1);
                return false;
            default:
                Log.OutboundBufferFull(_server.Logger, Id, _server.Options.MaxBufferedPackets, _server.Options.MaxBufferedBytes);
                Abort(EngineIoDisconnectReason.TransportError);
                return false;
        }
    }

    /// <summary>
    /// Decides whether <paramref name="count"/> packets of <paramref name="bytes"/> may be queued, dropping queued
    /// volatile groups, oldest first, to make room for packets that are not volatile themselves.
    /// </summary>
    private OutboundAdmission AdmitLocked(int count, long bytes, bool isVolatile)
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        Debug.Assert(_state == StateOpen, "Only an open session queues packets.");
        if (Fits(count, bytes, 0, 0))
        {
            return OutboundAdmission.Queued;
        }

        if (isVolatile)
        {
            return OutboundAdmission.Dropped;
        }

        return TryDropVolatileLocked(count, bytes) ? OutboundAdmission.Queued : OutboundAdmission.Overflow;
    }

    /// <summary>
    /// Whether the packets fit once <paramref name="freedPackets"/> and <paramref name="freedBytes"/> are gone. A message
    /// larger than the byte bound still goes when nothing else is held: it could never fit otherwise.
    /// </summary>
    private bool Fits(int count, long bytes, int freedPackets, long freedBytes)
    {
        var options = _server.Options;
        var held = _queuedBytes + _inFlightBytes - freedBytes;
        return _queueCount - freedPackets + count <= options.MaxBufferedPackets
            && (held + bytes <= options.MaxBufferedBytes || held == 0);
    }

    /// <summary>
    /// Drops the oldest volatile groups until the packets fit; drops nothing and returns false if dropping all of them
    /// would not be enough (the session is closed then, and its queue with it). A group whose first packet a writer has
    /// taken already stays: the client expects the rest of it. Rare, so a linear pass over the ring is fine.
    /// </summary>
    private bool TryDropVolatileLocked(int count, long bytes)
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        if (_queuedVolatilePackets == 0)
        {
            return false;
        }

        var freedPackets = 0;
        long freedBytes = 0;
        var groups = 0;
        var fits = false;
        for (var i = 0; i < _queueCount && !fits;)
        {
            if (!SlotLocked(i).IsVolatile)
            {
                i++;
                continue;
            }

            do
            {
                freedBytes += SlotLocked(i).BufferedLength;
                freedPackets++;
                i++;
            }
            while (i < _queueCount && SlotLocked(i).IsVolatileContinuation);

            groups++;
            fits = Fits(count, bytes, freedPackets, freedBytes);
        }

        if (!fits)
        {
            return false;
        }

        var kept = 0;
        var dropping = false;
        for (var i = 0; i < _queueCount; i++)
        {
            var packet = SlotLocked(i);
            if (packet.IsVolatile)
            {
                dropping = groups-- > 0;
            }
            else if (!packet.IsVolatileContinuation)
            {
                dropping = false;
            }

            if (dropping)
            {
                _queuedBytes -= packet.BufferedLength;
                _queuedVolatilePackets--;
                continue;
            }

            SlotLocked(kept) = packet;
            kept++;
        }

        for (var i = kept; i < _queueCount; i++)
        {
            SlotLocked(i) = default;
        }

        _server.Metrics.VolatileDropped(_queueCount - kept);
        _queueCount = kept;
        return true;
    }

    /// <summary>How many packets fit without growing: the ring's length, none without a ring.</summary>
    private int CapacityLocked => _queue?.Length ?? 0;

    /// <summary>The queued packet <paramref name="index"/> places from the head.</summary>
    private ref OutboundPacket SlotLocked(int index)
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        var queue = _queue!;
        return ref queue[(_queueHead + index) % queue.Length];
    }

    /// <summary>Queues a ping, first giving up the ring if nothing is in it (see <see cref="_queue"/>).</summary>
    private void QueuePingLocked()
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        if (_queueCount == 0)
        {
            _queue = null;
            _queueHead = 0;
        }

        _pingQueued = true;
    }

    private void EnqueueLocked(in OutboundPacket packet)
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        Debug.Assert(_state != StateClosed, "A closed session has dropped its queue for good.");
        if (_queueCount == CapacityLocked)
        {
            // No ring, or a full one: a ring twice as large, with what was queued at its start.
            var grown = new OutboundPacket[_queue is null ? InitialQueueCapacity : _queue.Length * 2];
            for (var i = 0; i < _queueCount; i++)
            {
                grown[i] = SlotLocked(i);
            }

            _queue = grown;
            _queueHead = 0;
        }

        SlotLocked(_queueCount) = packet;
        _queueCount++;
        _queuedBytes += packet.BufferedLength;
        if (packet.IsVolatile || packet.IsVolatileContinuation)
        {
            _queuedVolatilePackets++;
        }
    }

    /// <summary>Removes the packet at the head of the queue and counts it as taken by a writer; the lock is held.</summary>
    private OutboundPacket TakeHeadLocked()
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        Debug.Assert(_queueCount > 0, "A writer takes only what is queued.");
        var queue = _queue!;
        var packet = queue[_queueHead];
        queue[_queueHead] = default;
        _queueHead = (_queueHead + 1) % queue.Length;

        _queueCount--;
        if (_queueCount == 0 && _queue is not null && !_ringKept)
        {
            _queue = null;
            _queueHead = 0;
            _ringKept = true;
        }
        _queuedBytes -= packet.BufferedLength;
        _inFlightBytes += packet.BufferedLength;
        if (packet.IsVolatile || packet.IsVolatileContinuation)
        {
            _queuedVolatilePackets--;
        }

        return packet;
    }

    /// <summary>
    /// Takes the oldest queued packet and counts it as taken by a writer (the WebSocket writer sends them one frame each,
    /// several to a flush). <paramref name="written"/> is what the writer's packets whose flush has completed held: it is
    /// given back first, in the same lock, and set to 0.
    /// </summary>
    public bool TryDequeue(ref long written, out OutboundPacket packet)
    {
        Action? drained;
        lock (Gate)
        {
            _inFlightBytes -= written;
            written = 0;
            if (_queueCount == 0 && _pingQueued)
            {
                _pingQueued = false;
                packet = OutboundPacket.Control(EnginePacketType.Ping);
                AssertInvariants();
                return true;
            }

            if (_queueCount == 0)
            {
                packet = default;
                drained = TakeDrainedLocked();
                AssertInvariants();
            }
            else
            {
                packet = TakeHeadLocked();
                AssertInvariants();
                return true;
            }
        }

        drained?.Invoke();
        return false;
    }

    /// <summary>
    /// Takes everything queued (a polling GET sends it all as one payload) into a pooled array that the caller
    /// returns, and gives back <paramref name="held"/> with <see cref="EndWrite"/> once the payload is written. Returns
    /// 0 and no array when nothing is queued.
    /// </summary>
    public int DrainQueue(out OutboundPacket[]? packets, out long held)
    {
        lock (Gate)
        {
            var count = _queueCount;
            var ping = _pingQueued ? 1 : 0;
            held = 0;
            if (count + ping == 0)
            {
                packets = null;
                return 0;
            }

            // A close packet goes out alone, in the poll after the packets queued before it: clients act on a close
            // at once but deliver the messages of the same payload a tick later, by which time they are closed.
            if (count + ping > 1 && count > 0 && SlotLocked(count - 1).Type == EnginePacketType.Close)
            {
                count--;
            }

            packets = ArrayPool<OutboundPacket>.Shared.Rent(count + ping);
            for (var i = 0; i < count; i++)
            {
                packets[i] = TakeHeadLocked();
                held += packets[i].BufferedLength;
            }

            if (ping != 0)
            {
                _pingQueued = false;
                packets[count] = OutboundPacket.Control(EnginePacketType.Ping);
            }

            AssertInvariants();
            return count + ping;
        }
    }

    /// <summary>A writer finished (or gave up) writing what it took: it no longer counts against the bound.</summary>
    public void EndWrite(long held)
    {
        if (held == 0)
        {
            return;
        }

        Action? drained;
        lock (Gate)
        {
            _inFlightBytes -= held;
            drained = TakeDrainedLocked();
            AssertInvariants();
        }

        drained?.Invoke();
    }

    private void ClearQueueLocked()
    {
        Debug.Assert(Monitor.IsEntered(Gate));

        // Release the payloads now: a closed session may stay referenced (by the handler's state) for a while.
        _queue = null;
        _queueHead = 0;
        _queueCount = 0;
        _queuedBytes = 0;
        _queuedVolatilePackets = 0;
        _pingQueued = false;
        _drained = null;
    }

    [Conditional("DEBUG")]
    private void AssertQueueInvariantsLocked()
    {
        Debug.Assert(Monitor.IsEntered(Gate));
        Debug.Assert(_queueCount >= 0 && _queueCount <= CapacityLocked, "The count fits the ring.");
        Debug.Assert(_queuedBytes >= 0 && (_queueCount > 0 || _queuedBytes == 0), "Queued bytes belong to queued packets.");
        Debug.Assert(_inFlightBytes >= 0, "A writer gives back no more than it took.");
        Debug.Assert(_queuedVolatilePackets >= 0 && _queuedVolatilePackets <= _queueCount, "Volatile packets are queued packets.");
    }
}
