using System.Diagnostics.Metrics;

namespace EngineIo.Diagnostics;

/// <summary>The Engine.IO instruments, on the meter named <see cref="MeterName"/>.</summary>
internal sealed class EngineIoMetrics
{
    public const string MeterName = "EngineIo";

    private readonly UpDownCounter<long> _activeSessions;
    private readonly Counter<long> _sessionsOpened;
    private readonly Counter<long> _sessionsClosed;
    private readonly Histogram<double> _sessionDuration;
    private readonly Counter<long> _upgrades;
    private readonly Counter<long> _packetsReceived;
    private readonly Counter<long> _packetsSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _volatileDropped;
    private readonly Histogram<double> _heapCompactionPause;
    private readonly Counter<long> _heapReclaimed;

    public EngineIoMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activeSessions = meter.CreateUpDownCounter<long>("engineio.sessions.active", "{session}", "Sessions currently open.");
        _sessionsOpened = meter.CreateCounter<long>("engineio.sessions.opened", "{session}", "Sessions opened, by handshake transport.");
        _sessionsClosed = meter.CreateCounter<long>("engineio.sessions.closed", "{session}", "Sessions closed, by reason.");
        _sessionDuration = meter.CreateHistogram<double>("engineio.session.duration", "s", "How long sessions stayed open.");
        _upgrades = meter.CreateCounter<long>("engineio.transport.upgrades", "{upgrade}", "Polling sessions upgraded to WebSocket.");
        _packetsReceived = meter.CreateCounter<long>("engineio.packets.received", "{packet}", "Packets received from clients.");
        _packetsSent = meter.CreateCounter<long>("engineio.packets.sent", "{packet}", "Packets sent to clients.");
        _bytesReceived = meter.CreateCounter<long>("engineio.bytes.received", "By", "Packet data received from clients.");
        _bytesSent = meter.CreateCounter<long>("engineio.bytes.sent", "By", "Packet data sent to clients, as framed on the wire.");
        _volatileDropped = meter.CreateCounter<long>("engineio.packets.dropped", "{packet}", "Volatile packets dropped because their session's outbound buffer was full.");
        _heapCompactionPause = meter.CreateHistogram<double>("engineio.heap.compaction.pause", "s", "How long each heap compaction after a quiet period paused the process.");
        _heapReclaimed = meter.CreateCounter<long>("engineio.heap.reclaimed", "By", "Memory the heap compactions returned to the system.");
    }

    public void SessionOpened(EngineIoTransports transport)
    {
        _activeSessions.Add(1);
        if (_sessionsOpened.Enabled)
        {
            _sessionsOpened.Add(1, new KeyValuePair<string, object?>("engineio.transport", TransportName(transport)));
        }
    }

    public void SessionClosed(EngineIoDisconnectReason reason, TimeSpan duration)
    {
        _activeSessions.Add(-1);
        if (_sessionsClosed.Enabled)
        {
            _sessionsClosed.Add(1, new KeyValuePair<string, object?>("engineio.close_reason", reason.ToReasonString()));
        }

        if (_sessionDuration.Enabled)
        {
            _sessionDuration.Record(duration.TotalSeconds);
        }
    }

    public void Upgraded() => _upgrades.Add(1);

    public void PacketReceived(int bytes)
    {
        _packetsReceived.Add(1);
        _bytesReceived.Add(bytes);
    }

    public void PacketsSent(int packets, long bytes)
    {
        _packetsSent.Add(packets);
        _bytesSent.Add(bytes);
    }

    public void VolatileDropped(int packets) => _volatileDropped.Add(packets);

    public void HeapCompacted(TimeSpan pause, long reclaimedBytes)
    {
        _heapCompactionPause.Record(pause.TotalSeconds);
        _heapReclaimed.Add(reclaimedBytes);
    }

    public static string TransportName(EngineIoTransports transport) =>
        transport == EngineIoTransports.WebSocket ? "websocket" : "polling";
}
