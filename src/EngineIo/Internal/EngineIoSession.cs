using System.Diagnostics;
using EngineIo.Protocol;
using EngineIo.Transports;

namespace EngineIo.Internal;

/// <summary>
/// The state of one Engine.IO session: its outbound queue, its heartbeat, the transport that carries it, and the
/// single path by which it closes.
/// </summary>
/// <remarks>
/// <para>One writer at a time drains the queue: the pending polling GET, or the WebSocket transport's sends. Inbound packets
/// are handed to the handler one at a time by whichever transport request carries them (polling POSTs never
/// overlap; a WebSocket has one receive loop).</para>
/// <para>Every close goes through <see cref="Abort"/> (at once) or <see cref="Close(EngineIoDisconnectReason)"/>
/// (queue a close packet, then abort once it is written or a deadline passes). The first reason wins.</para>
/// <para>Lock order: the session's <see cref="_lock"/>, then a timer list's. Nothing inside the lock awaits or
/// calls the handler.</para>
/// </remarks>
internal sealed partial class EngineIoSession : EngineIoSocket
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;

    private readonly Lock _lock = new();
    private readonly EngineIoServer _server;
    private readonly string _id;
    private readonly EngineIoHandshake _handshake;

    /// <summary>Wakes the polling GET that waits for packets; null for a session that opened on a WebSocket.</summary>
    private readonly AsyncSignal? _pollSignal;

    /// <summary>The WebSocket that writes the queue, once a direct handshake or an upgrade has made it the transport.</summary>
    private volatile WebSocketTransport? _webSocketWriter;
    private readonly long _openedTimestamp;

    /// <summary>StateOpen, StateClosing (close packet queued) or StateClosed. Written under <see cref="_lock"/>.</summary>
    private volatile int _state;

    /// <summary>Polling, or WebSocket once a direct WebSocket handshake or an upgrade has completed.</summary>
    private volatile EngineIoTransports _transport;

    private EngineIoDisconnectReason _closeReason;

    /// <summary>True while the handler is being called; a close that happens then is reported when it returns.</summary>
    private bool _dispatching;
    private bool _closedNotificationPending;
    private bool _closedNotified;

    public EngineIoSession(EngineIoServer server, string id, EngineIoHandshake handshake, EngineIoTransports transport)
    {
        _server = server;
        _id = id;
        _handshake = handshake;
        _transport = transport;
        _pollSignal = transport == EngineIoTransports.Polling ? new AsyncSignal(_lock) : null;
        _openedTimestamp = server.TimeProvider.GetTimestamp();
    }

    public override string Id => _id;

    public override EngineIoTransports Transport => _transport;

    public override EngineIoHandshake Handshake => _handshake;

    public override bool IsOpen => _state == StateOpen;

    public bool IsClosed => _state == StateClosed;

    public EngineIoServer Server => _server;

    public EngineIoDisconnectReason CloseReason => _closeReason;

    /// <summary>What a polling GET waits on: packets were queued, or the session changed state.</summary>
    public AsyncSignal PollSignal => _pollSignal ?? throw new InvalidOperationException("The session opened on a WebSocket: nothing polls it.");

    /// <summary>Whether packets wait in the queue (for a writer deciding whether to go on).</summary>
    public bool HasQueuedPackets => Volatile.Read(ref _queueCount) > 0;

    /// <summary>Makes <paramref name="writer"/> the session's writer from now on, and wakes it for what is queued already.</summary>
    public void AttachWriter(WebSocketTransport writer)
    {
        _webSocketWriter = writer;
        writer.Wake();
    }

    /// <summary>Wakes whichever transport writes: packets were queued, or the session changed state.</summary>
    private void WakeWriters()
    {
        _pollSignal?.Set();
        _webSocketWriter?.Wake();
    }

    public override void Close() => Close(EngineIoDisconnectReason.ForcedClose);

    /// <summary>
    /// Closes gracefully: what is queued is delivered, then a close packet. If no writer delivers it within the ping
    /// timeout (a polling client that stopped polling), the session is aborted with the same reason.
    /// </summary>
    public void Close(EngineIoDisconnectReason reason)
    {
        lock (_lock)
        {
            if (_state != StateOpen)
            {
                return;
            }

            _state = StateClosing;
            _closeReason = reason;
            EnqueueLocked(OutboundPacket.Control(EnginePacketType.Close));
            _server.PingList.Remove(this);
            _server.PongList.Add(this);
        }

        WakeWriters();
    }

    /// <summary>Closes at once: drops what is queued, releases the writer, and reports the close.</summary>
    public void Abort(EngineIoDisconnectReason reason)
    {
        bool notify;
        bool linger;
        lock (_lock)
        {
            if (_state == StateClosed)
            {
                return;
            }

            // The client closed a polling session with a close packet while no GET was pending. Its sid stays known
            // for one ping timeout, so that a GET racing the close (the client sent both at once) is answered with a
            // noop, as the reference answers it, instead of "Session ID unknown".
            linger = _state == StateOpen && reason == EngineIoDisconnectReason.TransportClose
                && _transport == EngineIoTransports.Polling && !_pollActive;
            if (_state == StateOpen)
            {
                _closeReason = reason;
            }

            _state = StateClosed;
            ClearQueueLocked();
            _server.PingList.Remove(this);
            _server.PongList.Remove(this);
            if (linger)
            {
                _server.PongList.Add(this);
            }

            notify = !_dispatching;
            _closedNotificationPending = _dispatching;
        }

        WakeWriters();
        _webSocketWriter?.OnSessionClosed();
        AbortUpgradeCandidate();
        _server.OnSessionClosed(this, _closeReason, _server.TimeProvider.GetElapsedTime(_openedTimestamp), linger);
        if (notify)
        {
            NotifyClosed();
        }
    }

    /// <summary>A closed session has told its last poll; its sid is forgotten.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _server.PongList.Remove(this);
        }

        _server.Remove(this);
    }

    /// <summary>Hands an inbound packet to the session. Returns false once the session is closed.</summary>
    public ValueTask<bool> ReceiveAsync(in EnginePacket packet)
    {
        if (_state == StateClosed)
        {
            return new ValueTask<bool>(false);
        }

        _server.Metrics.PacketReceived(packet.Data.Length);

        // Read under the lock when the pong deadline passes; a packet racing that moment may count for the next ping.
        _packetSincePing = true;
        switch (packet.Type)
        {
            case EnginePacketType.Message:
                return DispatchMessageAsync(new EngineIoMessage(packet.Data, packet.IsBinary));
            case EnginePacketType.Pong:
                OnPong();
                return new ValueTask<bool>(true);
            case EnginePacketType.Close:
                Abort(EngineIoDisconnectReason.TransportClose);
                return new ValueTask<bool>(false);
            case EnginePacketType.Ping:
                // In protocol v4 only the server pings (the upgrade probe is handled by the WebSocket transport).
                _server.Log.InvalidHeartbeatDirection(_id);
                Abort(EngineIoDisconnectReason.TransportError);
                return new ValueTask<bool>(false);
            default:
                // open, upgrade and noop carry nothing for the session on this path.
                return new ValueTask<bool>(true);
        }
    }

    /// <summary>Runs the handler's open callback under the same gate as messages.</summary>
    public async ValueTask OpenAsync()
    {
        lock (_lock)
        {
            _dispatching = true;
        }

        try
        {
            await _server.Handler.OnOpenedAsync(this);
        }
        catch (Exception ex)
        {
            _server.Log.HandlerFailed(_id, ex);
            EndDispatch();
            Abort(EngineIoDisconnectReason.TransportError);
            return;
        }

        EndDispatch();
    }

    private ValueTask<bool> DispatchMessageAsync(EngineIoMessage message)
    {
        lock (_lock)
        {
            if (_state != StateOpen)
            {
                return new ValueTask<bool>(_state != StateClosed);
            }

            _dispatching = true;
        }

        ValueTask pending;
        try
        {
            pending = _server.Handler.OnMessageAsync(this, message);
        }
        catch (Exception ex)
        {
            return new ValueTask<bool>(FailDispatch(ex));
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return new ValueTask<bool>(EndDispatch());
        }

        return AwaitDispatchAsync(pending);
    }

    private async ValueTask<bool> AwaitDispatchAsync(ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            return FailDispatch(ex);
        }

        return EndDispatch();
    }

    private bool FailDispatch(Exception ex)
    {
        _server.Log.HandlerFailed(_id, ex);
        EndDispatch();
        Abort(EngineIoDisconnectReason.TransportError);
        return false;
    }

    /// <summary>Leaves the handler gate; reports a close that happened meanwhile. Returns whether the session is still usable.</summary>
    private bool EndDispatch()
    {
        bool notify;
        lock (_lock)
        {
            _dispatching = false;
            notify = _closedNotificationPending;
            _closedNotificationPending = false;
        }

        if (notify)
        {
            NotifyClosed();
        }

        return _state != StateClosed;
    }

    private void NotifyClosed()
    {
        Debug.Assert(!_closedNotified, "OnClosed is reported once.");
        _closedNotified = true;
        try
        {
            _server.Handler.OnClosed(this, _closeReason);
        }
        catch (Exception ex)
        {
            _server.Log.HandlerFailed(_id, ex);
        }
    }
}
