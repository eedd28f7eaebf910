using System.Diagnostics.Metrics;

namespace SocketIo.Diagnostics;

/// <summary>The Socket.IO instruments, on the meter named <see cref="MeterName"/>.</summary>
internal sealed class SocketIoMetrics
{
    public const string MeterName = "SocketIo";

    private readonly UpDownCounter<long> _connectedSockets;
    private readonly Counter<long> _eventsReceived;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _readerThrottled;
    private readonly Counter<long> _eventsSent;
    private readonly Counter<long> _broadcasts;
    private readonly UpDownCounter<long> _acksPending;
    private readonly Counter<long> _ackTimeouts;

    public SocketIoMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connectedSockets = meter.CreateUpDownCounter<long>("socketio.sockets.connected", "{socket}", "Sockets connected, by namespace.");
        _eventsReceived = meter.CreateCounter<long>("socketio.events.received", "{event}", "Events received from clients.");
        _eventsRejected = meter.CreateCounter<long>("socketio.events.rejected", "{event}", "Events dropped because their arguments did not fit the handler.");
        _readerThrottled = meter.CreateCounter<long>(
            "socketio.connections.throttled", "{wait}", "Times a connection's packets waited because its handlers in progress were at the limit.");
        _eventsSent = meter.CreateCounter<long>("socketio.events.sent", "{event}", "Events emitted to single sockets.");
        _broadcasts = meter.CreateCounter<long>("socketio.broadcasts", "{broadcast}", "Broadcasts sent (each encoded once).");
        _acksPending = meter.CreateUpDownCounter<long>("socketio.acks.pending", "{ack}", "Acknowledgements the server waits for.");
        _ackTimeouts = meter.CreateCounter<long>("socketio.acks.timeouts", "{ack}", "Acknowledgements that did not come in time.");
    }

    public void SocketConnected(string nsp) => _connectedSockets.Add(1, new KeyValuePair<string, object?>("socketio.namespace", nsp));

    public void SocketDisconnected(string nsp) => _connectedSockets.Add(-1, new KeyValuePair<string, object?>("socketio.namespace", nsp));

    public void EventReceived() => _eventsReceived.Add(1);

    public void EventRejected() => _eventsRejected.Add(1);

    public void ReaderThrottled() => _readerThrottled.Add(1);

    public void EventsSent(int count) => _eventsSent.Add(count);

    public void BroadcastSent() => _broadcasts.Add(1);

    public void AckPending(int delta) => _acksPending.Add(delta);

    public void AckTimedOut() => _ackTimeouts.Add(1);
}
