using System.Buffers;
using EngineIo.Protocol;

namespace EngineIo.Internal;

internal sealed partial class EngineIoSession
{
    /// <summary>A packet and a ping: an idle connection keeps the ring allocated, so it starts small.</summary>
    private const int InitialQueueCapacity = 2;

    /// <summary>A ring buffer, allocated on the first send and grown up to the configured cap.</summary>
    private OutboundPacket[]? _queue;
    private int _queueHead;
    private int _queueCount;

    public override bool Send(ReadOnlyMemory<byte> utf8Text) =>
        Enqueue(new OutboundPacket(EnginePacketType.Message, utf8Text, isBinary: false));

    public override bool SendBinary(ReadOnlyMemory<byte> data) =>
        Enqueue(new OutboundPacket(EnginePacketType.Message, data, isBinary: true));

    public override bool Send(ReadOnlySpan<EngineIoMessage> messages)
    {
        bool overflow;
        lock (_lock)
        {
            if (_state != StateOpen)
            {
                return false;
            }

            overflow = _queueCount + messages.Length > _server.Options.MaxBufferedPackets;
            if (!overflow)
            {
                foreach (ref readonly var message in messages)
                {
                    EnqueueLocked(new OutboundPacket(EnginePacketType.Message, message.Data, message.IsBinary, message.DisableCompression));
                }
            }
        }

        return Signal(overflow);
    }

    /// <summary>Queues a packet from the layer above, or a ping; closes the session if the client has fallen too far behind.</summary>
    public bool Enqueue(in OutboundPacket packet)
    {
        bool overflow;
        lock (_lock)
        {
            if (_state != StateOpen)
            {
                return false;
            }

            overflow = _queueCount >= _server.Options.MaxBufferedPackets;
            if (!overflow)
            {
                EnqueueLocked(packet);
            }
        }

        return Signal(overflow);
    }

    private bool Signal(bool overflow)
    {
        if (overflow)
        {
            _server.Log.OutboundQueueFull(_id, _server.Options.MaxBufferedPackets);
            Abort(EngineIoDisconnectReason.TransportError);
            return false;
        }

        WakeWriters();
        return true;
    }

    private void EnqueueLocked(in OutboundPacket packet)
    {
        var queue = _queue;
        if (queue is null)
        {
            queue = _queue = new OutboundPacket[InitialQueueCapacity];
        }
        else if (_queueCount == queue.Length)
        {
            var grown = new OutboundPacket[queue.Length * 2];
            for (var i = 0; i < _queueCount; i++)
            {
                grown[i] = queue[(_queueHead + i) % queue.Length];
            }

            queue = _queue = grown;
            _queueHead = 0;
        }

        queue[(_queueHead + _queueCount) % queue.Length] = packet;
        _queueCount++;
    }

    /// <summary>Takes the oldest queued packet (the WebSocket writer sends them one frame each).</summary>
    public bool TryDequeue(out OutboundPacket packet)
    {
        lock (_lock)
        {
            if (_queueCount == 0)
            {
                packet = default;
                return false;
            }

            var queue = _queue!;
            packet = queue[_queueHead];
            queue[_queueHead] = default;
            _queueHead = (_queueHead + 1) % queue.Length;
            _queueCount--;
            return true;
        }
    }

    /// <summary>
    /// Takes everything queued (a polling GET sends it all as one payload) into a pooled array that the caller
    /// returns. Returns 0 and no array when nothing is queued.
    /// </summary>
    public int DrainQueue(out OutboundPacket[]? packets)
    {
        lock (_lock)
        {
            var count = _queueCount;
            if (count == 0)
            {
                packets = null;
                return 0;
            }

            var queue = _queue!;
            // A close packet goes out alone, in the poll after the packets queued before it: clients act on a close
            // at once but deliver the messages of the same payload a tick later, by which time they are closed.
            var last = queue[(_queueHead + count - 1) % queue.Length];
            if (count > 1 && last.Type == EnginePacketType.Close)
            {
                count--;
            }

            packets = ArrayPool<OutboundPacket>.Shared.Rent(count);
            for (var i = 0; i < count; i++)
            {
                ref var slot = ref queue[(_queueHead + i) % queue.Length];
                packets[i] = slot;
                slot = default;
            }

            _queueHead = (_queueHead + count) % queue.Length;
            _queueCount -= count;
            return count;
        }
    }

    private void ClearQueueLocked()
    {
        // Release the payloads now: a closed session may stay referenced (by the handler's state) for a while.
        _queue = null;
        _queueHead = 0;
        _queueCount = 0;
    }
}
