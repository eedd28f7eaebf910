using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using EngineIo;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// One Engine.IO connection seen by Socket.IO: the sockets it holds (one per namespace), the binary packet being
/// reassembled, and the acknowledgements its sockets wait for.
/// </summary>
internal sealed class SocketIoClient
{
    private const int SocketIdBytes = 15;

    private readonly SocketIoServer _server;
    private readonly Lock _lock = new();
    /// <summary>The sockets of this connection, one per namespace: few, so an array searched in order (a dictionary
    /// would cost an idle connection more than the socket itself).</summary>
    private SocketIoSocket[] _sockets = [];
    private volatile AckRegistry? _acks;
    private ITimer? _connectTimer;
    private PartialBinaryPacket? _partial;
    private SocketIoDisconnectReason? _closeReason;

    public SocketIoClient(SocketIoServer server, EngineIoSocket engine)
    {
        _server = server;
        Engine = engine;
    }

    public EngineIoSocket Engine { get; }

    /// <summary>
    /// The connection's one lock, which its sockets share for their own state: a connection rarely has more than one
    /// socket, every critical section is short and calls out to nothing, and a lock object per socket would cost every
    /// idle connection 40 bytes more.
    /// </summary>
    public Lock Lock => _lock;

    public AckRegistry Acks
    {
        get
        {
            var acks = _acks;
            if (acks is not null)
            {
                return acks;
            }

            lock (_lock)
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
        lock (_lock)
        {
            if (_sockets.Length > 0)
            {
                return;
            }
        }

        _server.Log.ConnectTimeout(Engine.Id);
        Engine.Close();
    }

    /// <summary>Closes the connection for a Socket.IO reason, which its sockets then report.</summary>
    public void Close(SocketIoDisconnectReason reason)
    {
        lock (_lock)
        {
            _closeReason ??= reason;
        }

        Engine.Close();
    }

    /// <summary>
    /// Disconnects every socket of the connection (each client socket is told with a DISCONNECT, so it does not try to
    /// reconnect), then closes the connection.
    /// </summary>
    public void DisconnectAll()
    {
        SocketIoSocket[] sockets;
        lock (_lock)
        {
            sockets = _sockets;
        }

        foreach (var socket in sockets)
        {
            socket.Disconnect();
        }

        Close(SocketIoDisconnectReason.ForcedServerClose);
    }

    public ValueTask OnMessageAsync(EngineIoMessage message)
    {
        if (message.IsBinary)
        {
            return OnAttachmentAsync(message.Data);
        }

        var text = message.Data;
        if (!SocketPacketReader.TryReadHeader(text.Span, _server.Options.MaxAttachments, out var header) || _partial is not null)
        {
            return ParseError();
        }

        var payload = text[header.PayloadStart..];
        if (!SocketPacketReader.IsPayloadValid(header, payload.Span))
        {
            return ParseError();
        }

        if (header.Attachments > 0)
        {
            // The engine's buffer is only lent for this call: keep a copy until the attachments have arrived.
            _partial = new PartialBinaryPacket(header, text.ToArray());
            return default;
        }

        return DispatchAsync(header, text, []);
    }

    private ValueTask OnAttachmentAsync(ReadOnlyMemory<byte> data)
    {
        var partial = _partial;
        if (partial is null)
        {
            // Binary data nobody announced.
            return ParseError();
        }

        if (!partial.Add(data.ToArray()))
        {
            return default;
        }

        _partial = null;
        return DispatchAsync(partial.Header, partial.Text, partial.Attachments);
    }

    private ValueTask ParseError()
    {
        ReportParseError();
        return default;
    }

    private void ReportParseError()
    {
        _server.Log.ParseError(Engine.Id);
        Close(SocketIoDisconnectReason.ParseError);
    }

    /// <remarks>
    /// Packets that make no sense in the connection's state close it, as in the reference: a CONNECT to a namespace
    /// already joined, an event or ack for one not joined. A DISCONNECT for a namespace not joined is ignored, since
    /// the server may have disconnected that socket while the client's own DISCONNECT was on its way.
    /// </remarks>
    private ValueTask DispatchAsync(SocketPacketHeader header, ReadOnlyMemory<byte> text, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var nsp = header.Namespace.Start.Value == header.Namespace.End.Value
            ? "/"
            : Encoding.UTF8.GetString(text.Span[header.Namespace]);
        var payload = text[header.PayloadStart..];
        var socket = GetSocket(nsp);
        switch (header.Type)
        {
            case SocketPacketType.Connect when socket is null:
                // Middleware may take its time (a database, a token service): packets of other namespaces go on.
                Observe(ConnectAsync(nsp, payload.ToArray()));
                return default;
            case SocketPacketType.Disconnect:
                socket?.OnClose(SocketIoDisconnectReason.ClientNamespaceDisconnect);
                return default;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent when socket is not null:
                DispatchEvent(socket, header.AckId, payload, attachments);
                return default;
            case SocketPacketType.Ack or SocketPacketType.BinaryAck when socket is not null:
                OnAck(socket, header.AckId, payload, attachments);
                return default;
            default:
                return ParseError();
        }
    }

    private void OnAck(SocketIoSocket socket, long ackId, ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (ackId < 0)
        {
            // As in the reference: an ack that names no request answers nothing.
            return;
        }

        SocketIoAckResponse response;
        try
        {
            response = AckRegistry.ParseResponse(socket.Id, payload.Span, attachments, _server.JsonOptions);
        }
        catch (JsonException)
        {
            ReportParseError();
            return;
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(response.Arguments, attachments.Count))
        {
            ReportParseError();
            return;
        }

        Acks.Complete(socket.Id, ackId, response);
    }

    /// <summary>
    /// Starts the event's handlers. As in the reference, handlers start in the order packets arrive but a handler
    /// that awaits does not hold back the packets after it, so an acknowledgement it waits for can arrive meanwhile.
    /// The payload is copied into a pooled buffer because the handler may outlive the engine's.
    /// </summary>
    private void DispatchEvent(SocketIoSocket socket, long ackId, ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.Span.CopyTo(buffer);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, payload.Length));
        }
        catch (JsonException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ReportParseError();
            return;
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(document.RootElement, attachments.Count))
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            ReportParseError();
            return;
        }

        Observe(RunHandlersAsync(socket, ackId, document, buffer, attachments));
    }

    private async ValueTask RunHandlersAsync(SocketIoSocket socket, long ackId, JsonDocument document, byte[] buffer, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var name = "?";
        try
        {
            var array = document.RootElement;
            var handlers = socket.FindHandlers(array[0], out name);
            if (ReservedEvents.IsReserved(name))
            {
                // The client library never sends these; a client that does is not speaking the protocol.
                ReportParseError();
                return;
            }

            _server.Metrics.EventReceived();
            await socket.DispatchAsync(new SocketIoEvent(socket, name, array, attachments, ackId, _server.JsonOptions), handlers);
        }
        catch (Exception ex)
        {
            // A failing handler is the application's bug, not the client's: log it and keep the connection.
            _server.Log.HandlerFailed(socket.Namespace.Name, name, ex);
        }
        finally
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Lets a detached task run. Each one catches and logs its own failures, so nothing goes unobserved.</summary>
    private static void Observe(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _ = task.AsTask();
    }

    private async ValueTask ConnectAsync(string name, byte[] payload)
    {
        var nsp = _server.ResolveNamespace(name);
        if (nsp is null)
        {
            SendConnectError(name, "Invalid namespace", data: null);
            return;
        }

        JsonElement auth;
        try
        {
            auth = payload.Length == 0 ? SocketIoNamespace.EmptyAuth : ParseAuth(payload);
        }
        catch (JsonException)
        {
            ReportParseError();
            return;
        }

        var handshake = new SocketIoHandshake(Engine.Handshake, auth, _server.TimeProvider.GetUtcNow());
        var socket = new SocketIoSocket(nsp, this, NewSocketId(), handshake);
        try
        {
            await nsp.RunMiddlewareAsync(socket);
        }
        catch (SocketIoConnectException ex)
        {
            _server.Log.ConnectRefused(nsp.Name, ex.Message);
            SendConnectError(nsp.Name, ex.Message, ex.Data);
            return;
        }
        catch (Exception ex)
        {
            // Only refusals meant for the client are shown to it; anything else stays in the log.
            _server.Log.MiddlewareFailed(nsp.Name, ex);
            SendConnectError(nsp.Name, "Internal server error", data: null);
            return;
        }

        if (!Engine.IsOpen)
        {
            return;
        }

        lock (_lock)
        {
            if (FindLocked(nsp.Name) is not null)
            {
                // Two CONNECTs raced through slow middleware; the reference keeps both, which leaves one unreachable.
                SendConnectError(nsp.Name, "Already connected", data: null);
                return;
            }

            _sockets = [.. _sockets, socket];
        }

        // Dropped, not only disposed: a disposed timer held for the life of the connection still costs it memory.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        nsp.Add(socket);
        nsp.Adapter.AddAll(socket.Id, [socket.Id]);
        socket.MarkConnected();
        SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.Connect, nsp.Name, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("sid", socket.Id);
            writer.WriteEndObject();
        }));
        _server.OnSocketConnected(socket);
        try
        {
            await nsp.RunConnectionHandlersAsync(socket);
        }
        catch (Exception ex)
        {
            _server.Log.HandlerFailed(nsp.Name, "connection", ex);
        }
    }

    /// <summary>Parses the whole payload (trailing text after the object is an error) into an element that owns its data.</summary>
    private static JsonElement ParseAuth(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }

    private void SendConnectError(string nsp, string message, JsonElement? data) =>
        SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.ConnectError, nsp, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (data is { } value)
            {
                writer.WritePropertyName("data");
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }));

    public void SendPacket(byte[] packet) => Engine.Send(packet);

    private SocketIoSocket? GetSocket(string nsp)
    {
        lock (_lock)
        {
            return FindLocked(nsp);
        }
    }

    private SocketIoSocket? FindLocked(string nsp)
    {
        foreach (var socket in _sockets)
        {
            if (socket.Namespace.Name == nsp)
            {
                return socket;
            }
        }

        return null;
    }

    public void Remove(SocketIoSocket socket)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_sockets, socket);
            if (index >= 0)
            {
                _sockets = _sockets.Length == 1 ? [] : [.. _sockets.AsSpan(0, index), .. _sockets.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>The connection closed: every socket on it leaves, with the Socket.IO reason if one caused it.</summary>
    public void OnEngineClosed(EngineIoDisconnectReason engineReason)
    {
        // Dropped, not only disposed: a disposed timer held for the life of the connection still costs it memory.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        SocketIoSocket[] sockets;
        SocketIoDisconnectReason reason;
        lock (_lock)
        {
            reason = _closeReason ?? Map(engineReason);
            sockets = _sockets;
        }

        foreach (var socket in sockets)
        {
            socket.OnClose(reason);
        }
    }

    private static SocketIoDisconnectReason Map(EngineIoDisconnectReason reason) => reason switch
    {
        EngineIoDisconnectReason.TransportClose => SocketIoDisconnectReason.TransportClose,
        EngineIoDisconnectReason.TransportError => SocketIoDisconnectReason.TransportError,
        EngineIoDisconnectReason.PingTimeout => SocketIoDisconnectReason.PingTimeout,
        EngineIoDisconnectReason.ParseError => SocketIoDisconnectReason.ParseError,
        EngineIoDisconnectReason.ServerShutdown => SocketIoDisconnectReason.ServerShuttingDown,
        _ => SocketIoDisconnectReason.ForcedClose,
    };

    private static string NewSocketId()
    {
        Span<byte> bytes = stackalloc byte[SocketIdBytes];
        SharedSource.SecureRandom.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>A BINARY_EVENT or BINARY_ACK whose attachments are still arriving.</summary>
    private sealed class PartialBinaryPacket(SocketPacketHeader header, byte[] text)
    {
        private readonly List<ReadOnlyMemory<byte>> _attachments = new(header.Attachments);

        public SocketPacketHeader Header { get; } = header;

        public byte[] Text { get; } = text;

        public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

        /// <summary>Adds one attachment; true once all have arrived.</summary>
        public bool Add(byte[] attachment)
        {
            _attachments.Add(attachment);
            return _attachments.Count == Header.Attachments;
        }
    }
}
