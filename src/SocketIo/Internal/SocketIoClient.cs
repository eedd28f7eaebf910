using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EngineIo;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// One Engine.IO connection seen by Socket.IO: the sockets it holds (one per namespace), the binary packet being
/// reassembled, and the acknowledgements its sockets wait for.
/// </summary>
/// <remarks>
/// The engine hands it one message at a time (the reader); timers and handlers run on other threads. What a client can
/// make it hold is bounded: the attachments of one binary packet in bytes (<see cref="SocketIoOptions.MaxAttachmentBytes"/>)
/// and in time (<see cref="SocketIoOptions.AttachmentTimeout"/>), the handlers in progress
/// (<see cref="SocketIoOptions.MaxConcurrentHandlersPerConnection"/>: the reader waits beyond it) and the sockets
/// (<see cref="SocketIoOptions.MaxNamespacesPerConnection"/>).
/// </remarks>
internal sealed class SocketIoClient
{
    private const int SocketIdBytes = 15;
    private const string TooManyNamespaces = "Too many namespaces";

    private readonly SocketIoServer _server;
    private readonly Lock _lock = new();
    /// <summary>The sockets of this connection, one per namespace: few, so an array searched in order (a dictionary
    /// would cost an idle connection more than the socket itself).</summary>
    private SocketIoSocket[] _sockets = [];
    private volatile AckRegistry? _acks;
    private ITimer? _connectTimer;
    /// <summary>Set and completed by the reader; taken instead by the attachment timer when it expires.</summary>
    private PartialBinaryPacket? _partial;
    /// <summary>Created with the first binary packet and re-armed for each one after it.</summary>
    private ITimer? _attachmentTimer;
    private SocketIoDisconnectReason? _closeReason;
    /// <summary>Events and CONNECTs whose handlers or middleware have not finished.</summary>
    private int _handlersInProgress;
    /// <summary>What the reader waits on while <see cref="_handlersInProgress"/> is at the limit.</summary>
    private TaskCompletionSource? _handlerSlot;

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
        if (!SocketPacketReader.TryReadHeader(text.Span, _server.Options.MaxAttachments, out var header) || Volatile.Read(ref _partial) is not null)
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
            StartBinaryPacket(new PartialBinaryPacket(header, text.ToArray(), _server.MaxAttachmentBytes, _server.TimeProvider.GetTimestamp()));
            return default;
        }

        return DispatchAsync(header, text, []);
    }

    private void StartBinaryPacket(PartialBinaryPacket partial)
    {
        Volatile.Write(ref _partial, partial);
        var timeout = _server.Options.AttachmentTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        // Only the reader arms the timer, and the engine reports the close only once the reader is done, so the timer
        // cannot be created after the close has disposed of it.
        if (_attachmentTimer is { } timer)
        {
            timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _attachmentTimer = _server.TimeProvider.CreateTimer(
                static state => ((SocketIoClient)state!).OnAttachmentTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private ValueTask OnAttachmentAsync(ReadOnlyMemory<byte> data)
    {
        var partial = Volatile.Read(ref _partial);
        if (partial is null)
        {
            // Binary data nobody announced, or the rest of a packet that timed out.
            return ParseError();
        }

        switch (partial.Add(data.Span))
        {
            case AttachmentResult.Pending:
                return default;
            case AttachmentResult.TooLarge:
                Interlocked.CompareExchange(ref _partial, null, partial);
                _server.Log.AttachmentsTooLarge(Engine.Id, _server.MaxAttachmentBytes);
                Close(SocketIoDisconnectReason.ParseError);
                return default;
        }

        if (Interlocked.CompareExchange(ref _partial, null, partial) != partial)
        {
            // The timer expired as the last attachment came: the connection is closing already.
            return default;
        }

        // A timer left armed would only find no packet, but a callback costs more than disarming.
        _attachmentTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return DispatchAsync(partial.Header, partial.Text, partial.Attachments);
    }

    /// <summary>
    /// Closes the connection if the binary packet being reassembled is older than the attachment timeout. The one timer
    /// serves every packet of the connection, so it may find a newer packet than the one it was armed for (or none);
    /// a packet not yet due re-arms it for the rest of its time.
    /// </summary>
    private void OnAttachmentTimeout()
    {
        var partial = Volatile.Read(ref _partial);
        if (partial is null)
        {
            return;
        }

        var remaining = _server.Options.AttachmentTimeout - _server.TimeProvider.GetElapsedTime(partial.StartedAt);
        if (remaining > TimeSpan.Zero)
        {
            _attachmentTimer?.Change(remaining, Timeout.InfiniteTimeSpan);
            return;
        }

        if (Interlocked.CompareExchange(ref _partial, null, partial) != partial)
        {
            return;
        }

        _server.Log.AttachmentTimeout(Engine.Id);
        Close(SocketIoDisconnectReason.ParseError);
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
                if (SocketCount >= _server.Options.MaxNamespacesPerConnection)
                {
                    RefuseNamespace(nsp);
                    return default;
                }

                // Middleware may take its time (a database, a token service): packets of other namespaces go on.
                BeginHandler();
                Observe(ConnectAsync(nsp, payload.ToArray()));
                return WaitForHandlerSlot();
            case SocketPacketType.Disconnect:
                socket?.OnClose(SocketIoDisconnectReason.ClientNamespaceDisconnect);
                return default;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent when socket is not null:
                return DispatchEvent(socket, header.AckId, payload, attachments);
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
    /// <returns>Completes when the reader may go on: at once, unless the connection's handlers in progress are at the limit.</returns>
    private ValueTask DispatchEvent(SocketIoSocket socket, long ackId, ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
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
            return ParseError();
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(document.RootElement, attachments.Count))
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            return ParseError();
        }

        BeginHandler();
        Observe(RunHandlersAsync(socket, ackId, document, buffer, attachments));
        return WaitForHandlerSlot();
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
        catch (ArgumentBindingException ex)
        {
            // The client's arguments, not the application, are at fault: one line, no stack, and the connection stays.
            _server.Metrics.EventRejected();
            _server.Log.ArgumentsRejected(socket.Namespace.Name, name, socket.Id, ex.Message);
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
            EndHandler();
        }
    }

    private void BeginHandler() => Interlocked.Increment(ref _handlersInProgress);

    /// <summary>
    /// Lets the reader go on if it waits for a handler to finish. The reader publishes its wait before it looks at the
    /// count, and this looks for a wait after it lowers the count (both through full fences), so a wait is never missed.
    /// </summary>
    private void EndHandler()
    {
        if (Interlocked.Decrement(ref _handlersInProgress) < _server.Options.MaxConcurrentHandlersPerConnection
            && Volatile.Read(ref _handlerSlot) is not null)
        {
            Interlocked.Exchange(ref _handlerSlot, null)?.TrySetResult();
        }
    }

    /// <summary>Completes at once unless the handlers in progress are at the limit; then when one of them finishes.</summary>
    private ValueTask WaitForHandlerSlot()
    {
        var limit = _server.Options.MaxConcurrentHandlersPerConnection;
        if (Volatile.Read(ref _handlersInProgress) < limit)
        {
            return default;
        }

        var slot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _handlerSlot, slot);
        if (Volatile.Read(ref _handlersInProgress) < limit)
        {
            // One finished between the two looks.
            Interlocked.Exchange(ref _handlerSlot, null)?.TrySetResult();
            return default;
        }

        _server.Metrics.ReaderThrottled();
        _server.Log.HandlersAtLimit(Engine.Id, limit);
        return new ValueTask(slot.Task);
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

    /// <summary>
    /// Joins a namespace, then runs its connection handlers. Only the join counts as a handler in progress: the
    /// connection handlers run once per joined namespace, which the namespace limit bounds already, and an
    /// application may keep one running for the life of the socket.
    /// </summary>
    private async ValueTask ConnectAsync(string name, byte[] payload)
    {
        SocketIoSocket? socket;
        try
        {
            socket = await JoinAsync(name, payload);
        }
        finally
        {
            EndHandler();
        }

        if (socket is null)
        {
            return;
        }

        try
        {
            await socket.Namespace.RunConnectionHandlersAsync(socket);
        }
        catch (Exception ex)
        {
            _server.Log.HandlerFailed(socket.Namespace.Name, "connection", ex);
        }
    }

    /// <summary>Runs the middleware and, if it lets the socket in, adds it and answers the CONNECT; null if refused.</summary>
    private async ValueTask<SocketIoSocket?> JoinAsync(string name, byte[] payload)
    {
        var nsp = _server.ResolveNamespace(name);
        if (nsp is null)
        {
            SendConnectError(name, "Invalid namespace", data: null);
            return null;
        }

        try
        {
            return await JoinAsync(nsp, payload);
        }
        finally
        {
            _server.EndJoin(nsp);
        }
    }

    private async ValueTask<SocketIoSocket?> JoinAsync(SocketIoNamespace nsp, byte[] payload)
    {
        JsonElement auth;
        try
        {
            auth = payload.Length == 0 ? SocketIoNamespace.EmptyAuth : ParseAuth(payload);
        }
        catch (JsonException)
        {
            ReportParseError();
            return null;
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
            return null;
        }
        catch (Exception ex)
        {
            // Only refusals meant for the client are shown to it; anything else stays in the log.
            _server.Log.MiddlewareFailed(nsp.Name, ex);
            SendConnectError(nsp.Name, "Internal server error", data: null);
            return null;
        }

        if (!Engine.IsOpen)
        {
            return null;
        }

        string? refusal = null;
        lock (_lock)
        {
            if (FindLocked(nsp.Name) is not null)
            {
                // Two CONNECTs raced through slow middleware; the reference keeps both, which leaves one unreachable.
                refusal = "Already connected";
            }
            else if (_sockets.Length >= _server.Options.MaxNamespacesPerConnection)
            {
                // CONNECTs to several namespaces passed the early check together.
                refusal = TooManyNamespaces;
            }
            else
            {
                _sockets = [.. _sockets, socket];
            }
        }

        if (refusal is not null)
        {
            _server.Log.ConnectRefused(nsp.Name, refusal);
            SendConnectError(nsp.Name, refusal, data: null);
            return null;
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
        return socket;
    }

    /// <summary>
    /// Refuses a CONNECT beyond <see cref="SocketIoOptions.MaxNamespacesPerConnection"/>; the connection stays. A name
    /// that matches no namespace is told so, as below the limit, and no dynamic namespace is created for it.
    /// </summary>
    private void RefuseNamespace(string nsp)
    {
        if (!_server.CanResolve(nsp))
        {
            SendConnectError(nsp, "Invalid namespace", data: null);
            return;
        }

        _server.Log.ConnectRefused(nsp, TooManyNamespaces);
        SendConnectError(nsp, TooManyNamespaces, data: null);
    }

    /// <summary>How many namespaces the connection has joined (read without the lock: an early check, made again under it).</summary>
    private int SocketCount => Volatile.Read(ref _sockets).Length;

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
        Debug.Assert(_lock.IsHeldByCurrentThread, "The sockets array is replaced under the lock.");
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
        Interlocked.Exchange(ref _attachmentTimer, null)?.Dispose();
        Volatile.Write(ref _partial, null);
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
}
