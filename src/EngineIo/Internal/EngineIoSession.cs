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
/// <para>Every close ends in <see cref="Abort"/>, directly or after <see cref="Close(EngineIoDisconnectReason)"/> (queue a
/// close packet, then abort once it is written or a deadline passes). The first reason wins. <see cref="Abort"/> is also
/// the only way out of the server's session map.</para>
/// <para>Lock order: the session's <see cref="Gate"/>, then a timer list's. Nothing inside the lock awaits or
/// calls the handler.</para>
/// </remarks>
internal sealed partial class EngineIoSession : EngineIoSocket
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;

    /// <summary>
    /// The session's lock: the session object's own monitor, rather than a <see cref="Lock"/> or a plain object, which
    /// every open session would carry as one more object. It is rarely contended, and every critical section is short
    /// and calls out to nothing. The type is internal: code outside the library sees the session as an
    /// <see cref="EngineIoSocket"/>, which it has no reason to lock.
    /// </summary>
    private object Gate => this;
    private readonly EngineIoServer _server;
    /// <summary>The session id, packed (<see cref="SharedSource.PackedId"/>): its text is made when it is asked for.</summary>
    private readonly SharedSource.PackedId _id;
    private readonly EngineIoHandshake _handshake;
    private readonly SessionProtocol _protocol;

    /// <summary>Wakes the polling GET that waits for packets; null for a session that opened on a WebSocket.</summary>
    private readonly AsyncSignal? _pollSignal;

    /// <summary>The WebSocket that writes the queue, once a direct handshake or an upgrade has made it the transport.</summary>
    private volatile WebSocketTransport? _webSocketWriter;
    private readonly long _openedTimestamp;

    /// <summary>StateOpen, StateClosing (close packet queued) or StateClosed. Written under <see cref="Gate"/>.</summary>
    private volatile int _state;

    /// <summary>Polling, or WebSocket once a direct WebSocket handshake or an upgrade has completed.</summary>
    private volatile EngineIoTransports _transport;

    private EngineIoDisconnectReason _closeReason;

    /// <summary>True while the handler is being called; a close that happens then is reported when it returns.</summary>
    private bool _dispatching;
    private bool _closedNotificationPending;
    private bool _closedNotified;
    /// <summary>
    /// Whether the handler was told the session opened. A session that closes before (its open packet could not be
    /// sent) is never reported to the handler at all, so that it only ever sees OnOpened, messages, then OnClosed.
    /// </summary>
    private bool _handlerOpened;

    /// <summary>Closed, but its sid stays in the server's map for a while (see <see cref="Abort"/>).</summary>
    private bool _lingering;

    public EngineIoSession(EngineIoServer server, SharedSource.PackedId id, EngineIoHandshake handshake, EngineIoTransports transport, SessionProtocol? protocol = null)
    {
        _server = server;
        _id = id;
        _handshake = handshake;
        _protocol = protocol ?? SessionProtocol.V4;
        _transport = transport;
        _pollSignal = transport == EngineIoTransports.Polling ? new AsyncSignal(Gate) : null;
        _openedTimestamp = server.TimeProvider.GetTimestamp();
    }

    /// <remarks>Made on each call: an idle session keeps the id packed, and only a few paths (a handshake, logs) ask for it.</remarks>
    public override string Id => _id.ToString();

    /// <summary>The packed id, the session map's key.</summary>
    public SharedSource.PackedId PackedId => _id;

    public override EngineIoTransports Transport => _transport;

    public override EngineIoHandshake Handshake => _handshake;

    public override int Protocol => _protocol.Version;

    /// <summary>The revision and the polling format the handshake asked for.</summary>
    public SessionProtocol ProtocolInfo => _protocol;

    public override bool IsOpen => _state == StateOpen;

    public bool IsClosed => _state == StateClosed;

    public EngineIoServer Server => _server;

    public EngineIoDisconnectReason CloseReason => _closeReason;

    /// <summary>What a polling GET waits on: packets were queued, or the session changed state.</summary>
    public AsyncSignal PollSignal => _pollSignal ?? throw new InvalidOperationException("The session opened on a WebSocket: nothing polls it.");

    /// <summary>Whether packets wait in the queue (for a writer deciding whether to go on).</summary>
    public bool HasQueuedPackets => Volatile.Read(ref _queueCount) > 0 || _pingQueued;

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
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return;
            }

            _state = StateClosing;
            _closeReason = reason;
            EnqueueLocked(OutboundPacket.Control(EnginePacketType.Close));
            RemoveFromHeartbeatLocked();
            _server.PongList.Add(this);
            AssertInvariants();
        }

        WakeWriters();
    }

    /// <summary>
    /// Closes at once: drops what is queued, releases the writer, reports the close, and takes the session out of the
    /// server's map. The one way a session ends and leaves the map: every close comes here, and nothing else removes it.
    /// </summary>
    /// <remarks>
    /// One close stays in the map for a while: the client closed a polling session with a close packet while no GET was
    /// pending. Its sid stays known for one ping timeout, so that a GET racing the close (the client sent both at once)
    /// is answered with a noop, as the reference answers it, instead of "Session ID unknown". The call that ends that
    /// linger (its timer, the GET that collects it, or the host's stop) comes here again, and only removes it.
    /// </remarks>
    public void Abort(EngineIoDisconnectReason reason)
    {
        bool closes;
        bool notify = false;
        bool lingers;
        lock (Gate)
        {
            if (_state == StateClosed)
            {
                if (!_lingering)
                {
                    return;
                }

                closes = false;
                _lingering = false;
                _server.PongList.Remove(this);
            }
            else
            {
                closes = true;
                _lingering = _state == StateOpen && reason == EngineIoDisconnectReason.TransportClose
                    && _transport == EngineIoTransports.Polling && !_pollActive;
                if (_state == StateOpen)
                {
                    _closeReason = reason;
                }

                _state = StateClosed;
                ClearQueueLocked();
                RemoveFromHeartbeatLocked();
                _server.PongList.Remove(this);
                if (_lingering)
                {
                    _server.PongList.Add(this);
                }

                notify = !_dispatching && _handlerOpened;
                _closedNotificationPending = _dispatching;
            }

            lingers = _lingering;
            AssertInvariants();
        }

        if (closes)
        {
            WakeWriters();
            _webSocketWriter?.OnSessionClosed();
            AbortUpgradeCandidate();
            _server.OnSessionClosed(this, _closeReason, _server.TimeProvider.GetElapsedTime(_openedTimestamp));
        }

        if (!lingers)
        {
            _server.Remove(this);
        }

        if (notify)
        {
            NotifyClosed();
        }
    }

    /// <summary>A closed session has told its last poll: if its sid lingers, it is forgotten now.</summary>
    public void Forget()
    {
        Debug.Assert(IsClosed, "Only a closed session is forgotten.");
        Abort(_closeReason);
    }

    /// <summary>The client sent what cannot be parsed: the session closes, as the reference closes it.</summary>
    public void OnParseError()
    {
        Log.ParseError(_server.Logger, Id);
        Abort(EngineIoDisconnectReason.ParseError);
    }

    /// <summary>The connection failed under the transport (a send, a request body): the session closes.</summary>
    public void OnTransportFailed(Exception exception)
    {
        Log.TransportFailed(_server.Logger, Id, exception);
        Abort(EngineIoDisconnectReason.TransportError);
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
            case EnginePacketType.Pong when !_protocol.IsV3:
                OnPong();
                return new ValueTask<bool>(true);
            case EnginePacketType.Ping when _protocol.IsV3:
                OnClientPing();
                return new ValueTask<bool>(true);
            case EnginePacketType.Close:
                Abort(EngineIoDisconnectReason.TransportClose);
                return new ValueTask<bool>(false);
            case EnginePacketType.Ping or EnginePacketType.Pong:
                // In protocol v4 only the server pings, in v3 only the client (the upgrade probe is handled by the
                // WebSocket transport).
                Log.InvalidHeartbeatDirection(_server.Logger, Id, _protocol.Version);
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
        lock (Gate)
        {
            if (_state == StateClosed)
            {
                // Closed before the handler heard of it: it hears nothing of this session.
                return;
            }

            _handlerOpened = true;
            _dispatching = true;
            AssertInvariants();
        }

        try
        {
            await _server.Handler.OnOpenedAsync(this);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_server.Logger, Id, ex);
            EndDispatch();
            Abort(EngineIoDisconnectReason.TransportError);
            return;
        }

        EndDispatch();
    }

    private ValueTask<bool> DispatchMessageAsync(EngineIoMessage message)
    {
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return new ValueTask<bool>(_state != StateClosed);
            }

            _dispatching = true;
            AssertInvariants();
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
        Log.HandlerFailed(_server.Logger, Id, ex);
        EndDispatch();
        Abort(EngineIoDisconnectReason.TransportError);
        return false;
    }

    /// <summary>Leaves the handler gate; reports a close that happened meanwhile. Returns whether the session is still usable.</summary>
    private bool EndDispatch()
    {
        bool notify;
        lock (Gate)
        {
            _dispatching = false;
            notify = _closedNotificationPending;
            _closedNotificationPending = false;
            AssertInvariants();
        }

        if (notify)
        {
            NotifyClosed();
        }

        return _state != StateClosed;
    }

    /// <summary>
    /// What <see cref="Gate"/> guards, checked wherever it is about to be released after a change: the queue's
    /// accounting, and how the state, the transport, the upgrade, the polling slots and the handler gate fit together.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(Gate), "Invariants are checked under the session's lock.");
        Debug.Assert(_state is StateOpen or StateClosing or StateClosed, "A known state.");

        Debug.Assert(_queueCount >= 0 && _queueCount <= CapacityLocked, "The count fits the ring.");
        Debug.Assert(_queue is null ? _queueHead == 0 : _queueHead < _queue.Length, "The head is in the ring.");
        Debug.Assert(_queuedBytes >= 0 && (_queueCount > 0 || _queuedBytes == 0), "Queued bytes belong to queued packets.");
        Debug.Assert(_inFlightBytes >= 0, "A writer gives back no more than it took.");
        Debug.Assert(_queuedVolatilePackets >= 0 && _queuedVolatilePackets <= _queueCount, "Volatile packets are queued packets.");
        Debug.Assert(_state != StateClosed || (_queue is null && !_pingQueued), "A closed session holds no queue: its payloads are released.");

        Debug.Assert(_state == StateOpen || TimerOwner != _server.PingList, "Only an open session waits to be pinged.");
        Debug.Assert(_state == StateOpen || TimerOwner is null || TimerOwner != _server.ClientPingList, "Only an open session waits for the client's ping.");
        Debug.Assert(TimerOwner is null || (_protocol.IsV3 ? TimerOwner != _server.PingList : TimerOwner != _server.ClientPingList), "A session's heartbeat runs in its protocol's direction.");
        Debug.Assert(!_lingering || (_state == StateClosed && _transport == EngineIoTransports.Polling), "Only a closed polling session lingers.");
        Debug.Assert(!_closedNotificationPending || (_dispatching && _state == StateClosed), "A close is held back only while the handler runs.");
        Debug.Assert(!_dispatching || _handlerOpened, "The handler runs only for a session it was told opened.");

        Debug.Assert(!_pollActive || _pollSignal is not null, "Only a session that opened on polling is polled.");
        Debug.Assert(_pollReleased is null || (_pollActive && _transport == EngineIoTransports.WebSocket), "The upgrade waits only for a GET that is still pending.");
        Debug.Assert(_upgradeCandidate is null || _transport == EngineIoTransports.Polling, "Only a polling session has an upgrade candidate.");
        Debug.Assert(!_upgrading || _upgradeCandidate is not null, "Upgrading means a candidate has answered the probe.");
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
            Log.HandlerFailed(_server.Logger, Id, ex);
        }
    }
}
