using EngineIo;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// One Engine.IO connection seen by Socket.IO: it routes each packet its reader decodes to the namespace handshake or
/// to the socket of the packet's namespace, and holds what the connection's sockets share (their lock, their
/// acknowledgements, the handlers in progress).
/// </summary>
/// <remarks>
/// The engine hands it one message at a time (the reader); timers and handlers run on other threads. What a client can
/// make it hold is bounded: a binary packet's attachments (by its <see cref="SocketPacketDecoder"/>), the handlers in
/// progress (<see cref="SocketIoOptions.MaxConcurrentHandlersPerConnection"/>: the reader waits beyond it) and the
/// sockets (<see cref="SocketIoOptions.MaxNamespacesPerConnection"/>, kept by the <see cref="NamespaceHandshake"/>).
/// </remarks>
internal sealed partial class SocketIoClient : IAttachmentTimeoutHandler
{
    private readonly SocketIoServer _server;
    // The three below are mutable structs, used only through these fields.
    private ConnectionSockets _sockets;
    private SocketPacketDecoder _decoder;
    private HandlerSlots _handlers;
    private JoinGate _joins;
    private volatile AckRegistry? _acks;
    private ITimer? _connectTimer;
    /// <summary>
    /// Guarded by <see cref="Lock"/>, valid once <see cref="_closeReasonSet"/>: a reason and a flag rather than a nullable
    /// reason, which would take a word of every connection's object more.
    /// </summary>
    private SocketIoDisconnectReason _closeReason;
    private bool _closeReasonSet;

    public SocketIoClient(SocketIoServer server, EngineIoSocket engine)
    {
        _server = server;
        _sockets = new ConnectionSockets();
        Engine = engine;
        IsProtocolV4 = engine.Protocol == 3;
    }

    public EngineIoSocket Engine { get; }

    /// <summary>
    /// Whether the client speaks Socket.IO protocol v4 (socket.io-client 2.x), which its Engine.IO v3 connection
    /// tells: see <see cref="ProtocolV4"/>.
    /// </summary>
    public bool IsProtocolV4 { get; }

    /// <summary>How the connection's packets are written and read on the wire.</summary>
    public ISocketPacketCodec Codec => _server.Codec;

    public SocketIoServer Server => _server;

    /// <summary>
    /// The connection's one lock, which guards its sockets and which they share for their own state: this object's
    /// monitor (see <see cref="ConnectionSockets"/>).
    /// </summary>
    public object Lock => this;

    /// <summary>The connection's sockets, for the handshake to add one under <see cref="Lock"/>.</summary>
    public ref ConnectionSockets Sockets => ref _sockets;

    /// <inheritdoc cref="ConnectionSockets.Count"/>
    public int SocketCount => _sockets.Count;

    public AckRegistry Acks
    {
        get
        {
            var acks = _acks;
            if (acks is not null)
            {
                return acks;
            }

            lock (Lock)
            {
                return _acks ??= new AckRegistry(_server.TimeProvider);
            }
        }
    }

    /// <summary>A connection that joins no namespace within the connect timeout is closed.</summary>
    public void StartConnectTimer() =>
        _connectTimer = _server.TimeProvider.CreateTimer(
            static state => ((SocketIoClient)state!).OnConnectTimeout(), this, _server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);

    private void OnConnectTimeout()
    {
        if (_sockets.Count > 0)
        {
            return;
        }

        Log.ConnectTimeout(_server.Logger, Engine.Id);
        Engine.Close();
    }

    /// <summary>A socket joined: the connect timer has done its job.</summary>
    public void OnNamespaceJoined() =>
        // Dropped, not only disposed: a disposed timer held for the life of the connection still costs it memory.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();

    /// <summary>Closes the connection for a Socket.IO reason, which its sockets then report.</summary>
    public void Close(SocketIoDisconnectReason reason)
    {
        lock (Lock)
        {
            if (!_closeReasonSet)
            {
                _closeReason = reason;
                _closeReasonSet = true;
            }
        }

        Engine.Close();
    }

    /// <summary>
    /// Disconnects every socket of the connection (each client socket is told with a DISCONNECT, so it does not try to
    /// reconnect), then closes the connection.
    /// </summary>
    public void DisconnectAll()
    {
        foreach (var socket in _sockets.Snapshot(this))
        {
            socket.Disconnect();
        }

        Close(SocketIoDisconnectReason.ForcedServerClose);
    }

    /// <summary>Queues a control packet (CONNECT, CONNECT_ERROR, DISCONNECT) in the connection's wire format.</summary>
    public void SendPacket(byte[] packet)
    {
        _server.Admin?.OnPacketOut(packet.Length);
        Codec.Send(Engine, packet, attachments: null);
    }

    /// <summary>A socket left its namespace.</summary>
    public void Remove(SocketIoSocket socket) => _sockets.Remove(socket);

    public ValueTask OnMessageAsync(EngineIoMessage message)
    {
        if (_joins.IsClosed)
        {
            return OnMessageAfterJoinsAsync(message);
        }

        _server.Admin?.OnPacketIn(message.Data.Length);
        var result = Codec.Decode(ref _decoder, _server.PacketLimits, this, message, out var packet);
        switch (result)
        {
            case DecodeResult.Packet:
                return RouteAsync(packet);
            case DecodeResult.None:
                return default;
            case DecodeResult.TooLarge:
                Log.AttachmentsTooLarge(_server.Logger, Engine.Id, _server.PacketLimits.MaxAttachmentBytes);
                Close(SocketIoDisconnectReason.ParseError);
                return default;
            default:
                return ParseError();
        }
    }

    /// <summary>
    /// Holds a message back until every join whose CONNECT answer may be out has started its connection handlers (see
    /// <see cref="JoinGate"/>); the engine keeps the message valid, and delivers no other, until this completes.
    /// </summary>
    private async ValueTask OnMessageAfterJoinsAsync(EngineIoMessage message)
    {
        Log.WaitingForConnectionHandlers(_server.Logger, Engine.Id);
        await _joins.WaitAsync();
        await OnMessageAsync(message);
    }

    /// <summary>
    /// A socket was added and its CONNECT answer is about to go out: the connection's packets wait from now until
    /// <see cref="EndJoin"/>.
    /// </summary>
    public void BeginJoin() => _joins.Close();

    /// <summary>The joined socket's connection handlers have all started (or it failed to join after all).</summary>
    public void EndJoin() => _joins.Open();

    void IAttachmentTimeoutHandler.OnAttachmentTimeout()
    {
        Log.AttachmentTimeout(_server.Logger, Engine.Id);
        Close(SocketIoDisconnectReason.ParseError);
    }

    public void ReportParseError()
    {
        Log.ParseError(_server.Logger, Engine.Id);
        Close(SocketIoDisconnectReason.ParseError);
    }

    /// <remarks>
    /// Packets that make no sense in the connection's state close it, as in the reference: a CONNECT to a namespace
    /// already joined, an event or ack for one not joined. A DISCONNECT for a namespace not joined is ignored, since
    /// the server may have disconnected that socket while the client's own DISCONNECT was on its way.
    /// </remarks>
    private ValueTask RouteAsync(in InboundPacket packet)
    {
        var nsp = packet.Namespace;
        string? query = null;
        if (IsProtocolV4)
        {
            nsp = ProtocolV4.SplitNamespace(nsp, out query);
        }

        var socket = _sockets.Find(this, nsp);
        switch (packet.Header.Type)
        {
            case SocketPacketType.Connect when socket is null && IsProtocolV4:
                return NamespaceHandshake.StartAsync(this, nsp, ProtocolV4.ParseAuth(query));
            case SocketPacketType.Connect when socket is null:
                return NamespaceHandshake.StartAsync(this, nsp, packet.Payload);
            case SocketPacketType.Disconnect:
                socket?.OnClose(SocketIoDisconnectReason.ClientNamespaceDisconnect);
                return default;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent when socket is not null:
                return EventDispatcher.TryStart(this, socket, packet.Header.AckId, packet.Payload, packet.Attachments)
                    ? WaitForHandlerSlot()
                    : ParseError();
            case SocketPacketType.Ack or SocketPacketType.BinaryAck when socket is not null:
                return OnAck(socket, packet);
            default:
                return ParseError();
        }
    }

    private ValueTask OnAck(SocketIoSocket socket, in InboundPacket packet)
    {
        var ackId = packet.Header.AckId;
        if (ackId < 0)
        {
            // As in the reference: an ack that names no request answers nothing.
            return default;
        }

        if (!AckRegistry.TryParseResponse(socket.Id, packet.Payload.Span, packet.Attachments, _server.JsonOptions, out var response))
        {
            return ParseError();
        }

        Acks.Complete(socket.Id, ackId, response);
        return default;
    }

    private ValueTask ParseError()
    {
        ReportParseError();
        return default;
    }

    public void BeginHandler() => _handlers.Begin();

    public void EndHandler() => _handlers.End(_server.Options.MaxConcurrentHandlersPerConnection);

    /// <summary>Completes at once unless the handlers in progress are at the limit; then when one of them finishes.</summary>
    public ValueTask WaitForHandlerSlot()
    {
        var limit = _server.Options.MaxConcurrentHandlersPerConnection;
        var wait = _handlers.WaitForSlot(limit, out var waiting);
        if (waiting)
        {
            _server.Metrics.ReaderThrottled();
            Log.HandlersAtLimit(_server.Logger, Engine.Id, limit);
        }

        return wait;
    }

    /// <summary>Lets a detached task run. Each one catches and logs its own failures, so nothing goes unobserved.</summary>
    public static void Observe(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _ = task.AsTask();
    }

    /// <summary>The connection closed: every socket on it leaves, with the Socket.IO reason if one caused it.</summary>
    public void OnEngineClosed(EngineIoDisconnectReason engineReason)
    {
        // Dropped, not only disposed: a disposed timer held for the life of the connection still costs it memory.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        _decoder.Stop();
        SocketIoDisconnectReason reason;
        lock (Lock)
        {
            reason = _closeReasonSet ? _closeReason : engineReason.ToSocketIoReason();
        }

        foreach (var socket in _sockets.Snapshot(this))
        {
            socket.OnClose(reason);
        }
    }
}
