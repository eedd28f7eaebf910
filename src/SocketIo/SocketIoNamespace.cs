using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Internal;

namespace SocketIo;

/// <summary>A namespace's connection middleware: throw <see cref="SocketIoConnectException"/> to refuse the socket.</summary>
public delegate ValueTask SocketIoMiddleware(SocketIoSocket socket);

/// <summary>Runs for each socket that joined the namespace.</summary>
public delegate ValueTask SocketIoConnectionHandler(SocketIoSocket socket);

/// <summary>
/// A namespace: its sockets, middleware, connection handlers and rooms. A namespace made with a pattern
/// (<see cref="ISocketIoServer.Of(Func{string, bool})"/>) is a parent: its middleware and handlers serve every child
/// namespace created for a matching name, and its broadcasts reach all of them.
/// </summary>
public sealed class SocketIoNamespace
{
    private readonly ConcurrentDictionary<string, SocketIoSocket> _sockets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SocketIoNamespace? _parent;
    private SocketIoMiddleware[] _middleware = [];
    private SocketIoConnectionHandler[] _connectionHandlers = [];
    private SocketIoNamespace[] _children = [];
    /// <summary>Event name → handlers of events other servers emit (replaced on change, like a socket's).</summary>
    private KeyValuePair<string, SocketIoServerSideListener[]>[] _serverSideHandlers = [];
    private long _nextAckId;
    /// <summary>Sockets on their way in (a child only): it is not removed while one is.</summary>
    private int _joins;
    private volatile bool _everJoined;

    internal SocketIoNamespace(SocketIoServer server, string name, SocketIoNamespace? parent, bool isParent)
    {
        Server = server;
        Name = name;
        _parent = parent;
        IsParent = isParent;
        Adapter = isParent ? null! : server.CreateAdapter(this);
        AsTargets = [this];
    }

    /// <summary>This namespace as the one target of a broadcast, allocated once.</summary>
    internal SocketIoNamespace[] AsTargets { get; }

    /// <summary>The namespace name, e.g. "/" or "/chat"; for a parent, a description of its pattern.</summary>
    public string Name { get; }

    /// <summary>The sockets connected here on this server.</summary>
    public IReadOnlyDictionary<string, SocketIoSocket> Sockets => _sockets;

    /// <summary>Where rooms live and broadcasts go; the in-memory adapter unless another was configured.</summary>
    public ISocketIoAdapter Adapter { get; }

    internal SocketIoServer Server { get; }

    internal bool IsParent { get; }

    /// <summary>A namespace created for a name a parent matched, which may be removed again.</summary>
    internal bool IsChild => _parent is not null;

    internal bool HasJoins => System.Threading.Volatile.Read(ref _joins) > 0;

    /// <summary>Whether a socket has ever joined (a child no socket joined is removed at once).</summary>
    internal bool EverJoined => _everJoined;

    internal SocketIoNamespace[] Children => _children;

    /// <summary>Adds a middleware; middleware runs in the order added, server-wide middleware first.</summary>
    public SocketIoNamespace Use(SocketIoMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock)
        {
            _middleware = [.. _middleware, middleware];
        }

        return this;
    }

    /// <summary>Adds a handler run for each socket that connects (the reference's <c>on("connection")</c>).</summary>
    /// <remarks>
    /// Handlers start in the order added, and one that awaits does not hold back the next. The socket's packets are
    /// dispatched only once every handler has run up to its first await, so a listener registered before it misses no
    /// event, even one the client sent as soon as it connected.
    /// </remarks>
    public SocketIoNamespace OnConnection(SocketIoConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _connectionHandlers = [.. _connectionHandlers, handler];
        }

        return this;
    }

    /// <summary>Targets the sockets in a room.</summary>
    public SocketIoBroadcastOperator To(string room) => new SocketIoBroadcastOperator(this).To(room);

    /// <summary>Targets the sockets in a room (same as <see cref="To"/>).</summary>
    public SocketIoBroadcastOperator In(string room) => To(room);

    /// <summary>Targets every socket except those in a room.</summary>
    public SocketIoBroadcastOperator Except(string room) => new SocketIoBroadcastOperator(this).Except(room);

    /// <summary>Marks the broadcast as droppable for clients not ready to receive it.</summary>
    public SocketIoBroadcastOperator Volatile => new SocketIoBroadcastOperator(this).Volatile;

    /// <summary>Restricts the broadcast to this server (with a multi-node adapter).</summary>
    public SocketIoBroadcastOperator Local => new SocketIoBroadcastOperator(this).Local;

    /// <summary>Sets the time to wait for every target's acknowledgement.</summary>
    public SocketIoBroadcastOperator Timeout(TimeSpan timeout) => new SocketIoBroadcastOperator(this).Timeout(timeout);

    /// <summary>Sends an event to every socket of the namespace.</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args) => new SocketIoBroadcastOperator(this).EmitAsync(eventName, args);

    /// <summary>The sockets of the namespace (across servers, with a multi-node adapter).</summary>
    public ValueTask<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync() => new SocketIoBroadcastOperator(this).FetchSocketsAsync();

    /// <summary>
    /// Sends an event to this namespace on every other server of the cluster (the reference's <c>serverSideEmit</c>);
    /// they receive it through <see cref="OnServerSideEmit"/>. The arguments go as JSON. With the in-memory adapter
    /// there is no other server and it goes nowhere: the arguments are not even encoded.
    /// </summary>
    public ValueTask ServerSideEmitAsync(string eventName, params object?[] args)
    {
        var adapter = AdapterOrThrow();
        if (adapter is InMemorySocketIoAdapter)
        {
            // An application may tell its servers of every event it handles; with one server, encoding the event
            // for nobody would be most of what the call costs.
            ThrowIfInvalidServerSide(eventName, args);
            return default;
        }

        adapter.ServerSideEmit(EncodeServerSide(eventName, args));
        return default;
    }

    /// <summary>
    /// Sends an event to every other server and collects one answer from each, or those that came within the adapter's
    /// request timeout (then <see cref="SocketIoServerSideAckResult.TimedOut"/> is set).
    /// </summary>
    public Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(string eventName, params object?[] args) =>
        ServerSideEmitWithAckAsync(eventName, CancellationToken.None, args);

    /// <summary>As <see cref="ServerSideEmitWithAckAsync(string, object?[])"/>, until the token is cancelled.</summary>
    public Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(string eventName, CancellationToken cancellationToken, params object?[] args)
    {
        var adapter = AdapterOrThrow();
        if (adapter is InMemorySocketIoAdapter)
        {
            // No other server answers: the adapter's answer, without the encoding nobody reads.
            ThrowIfInvalidServerSide(eventName, args);
            return adapter.ServerSideEmitWithAckAsync(ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        return adapter.ServerSideEmitWithAckAsync(EncodeServerSide(eventName, args), cancellationToken);
    }

    /// <summary>Adds a handler for an event other servers emit with <see cref="ServerSideEmitAsync"/> (the reference's <c>io.on(event)</c>).</summary>
    public SocketIoNamespace OnServerSideEmit(string eventName, SocketIoServerSideListener handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            var index = Array.FindIndex(_serverSideHandlers, entry => entry.Key == eventName);
            if (index < 0)
            {
                _serverSideHandlers = [.. _serverSideHandlers, new(eventName, [handler])];
            }
            else
            {
                _serverSideHandlers[index] = new(eventName, [.. _serverSideHandlers[index].Value, handler]);
            }
        }

        return this;
    }

    /// <summary>
    /// Starts the handlers of an event another server emitted, without waiting for them: a handler that awaits must not
    /// hold back the adapter's messages after it (as with a socket's events). <paramref name="data"/> is copied, since
    /// the adapter's message is gone when this returns; failures are logged here.
    /// </summary>
    internal void StartServerSideEmit(JsonElement data, Action<object?>? ack)
    {
        var dispatch = ReceiveServerSideEmitAsync(data.Clone(), ack);
        if (!dispatch.IsCompletedSuccessfully)
        {
            _ = dispatch.AsTask();
        }
    }

    /// <summary>
    /// Runs the handlers of an event another server emitted: <paramref name="data"/> is its <c>[name, ...args]</c>, and
    /// <paramref name="ack"/>, when the other server waits for an answer, sends the first handler's answer back.
    /// </summary>
    internal async ValueTask ReceiveServerSideEmitAsync(JsonElement data, Action<object?>? ack)
    {
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String)
        {
            return;
        }

        var name = data[0].GetString()!;
        var entry = Array.Find(_serverSideHandlers, e => e.Key == name);
        if (entry.Value is null)
        {
            return;
        }

        var e = new SocketIoServerSideEvent(name, data, ack, Server.JsonOptions);
        foreach (var handler in entry.Value)
        {
            try
            {
                await handler(e);
            }
            catch (Exception ex)
            {
                Server.OnHandlerFailed(this, name, ex);
            }
        }
    }

    private ISocketIoAdapter AdapterOrThrow() =>
        Adapter ?? throw new InvalidOperationException("A parent namespace has no adapter of its own: emit on one of its children.");

    /// <summary>What a server-side emit refuses whatever the adapter: a reserved event name, or no argument array.</summary>
    private static void ThrowIfInvalidServerSide(string eventName, object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
    }

    /// <summary>The UTF-8 JSON array <c>[name, ...args]</c>; byte arrays go as base64, since servers exchange no attachments.</summary>
    private byte[] EncodeServerSide(string eventName, object?[] args)
    {
        ThrowIfInvalidServerSide(eventName, args);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(eventName);
            foreach (var arg in args)
            {
                Protocol.SocketPacketWriter.WriteArgument(writer, arg, Server.JsonOptions);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Puts every socket of the namespace in a room.</summary>
    public ValueTask SocketsJoinAsync(string room) => new SocketIoBroadcastOperator(this).SocketsJoinAsync(room);

    /// <summary>Takes every socket of the namespace out of a room.</summary>
    public ValueTask SocketsLeaveAsync(string room) => new SocketIoBroadcastOperator(this).SocketsLeaveAsync(room);

    /// <summary>Disconnects every socket of the namespace; with <paramref name="close"/>, their connections too.</summary>
    public ValueTask DisconnectSocketsAsync(bool close = false) => new SocketIoBroadcastOperator(this).DisconnectSocketsAsync(close);

    internal long NextAckId() => Interlocked.Increment(ref _nextAckId) - 1;

    internal bool TryGetSocket(string id, out SocketIoSocket socket) => _sockets.TryGetValue(id, out socket!);

    internal void Add(SocketIoSocket socket)
    {
        _sockets[socket.Id] = socket;
        _everJoined = true;
    }

    internal void BeginJoin() => Interlocked.Increment(ref _joins);

    internal void EndJoin() => Interlocked.Decrement(ref _joins);

    internal void Remove(SocketIoSocket socket)
    {
        _sockets.TryRemove(new KeyValuePair<string, SocketIoSocket>(socket.Id, socket));
        if (_parent is not null && _sockets.IsEmpty && Server.Options.CleanupEmptyChildNamespaces)
        {
            Server.RemoveChild(this);
        }
    }

    internal SocketIoNamespace CreateChild(string name)
    {
        var child = new SocketIoNamespace(Server, name, this, isParent: false);
        lock (_lock)
        {
            _children = [.. _children, child];
        }

        return child;
    }

    internal void RemoveChild(SocketIoNamespace child)
    {
        lock (_lock)
        {
            _children = Array.FindAll(_children, c => c != child);
        }
    }

    /// <summary>Runs the server's middleware, the parent's (for a child), then this namespace's.</summary>
    internal async ValueTask RunMiddlewareAsync(SocketIoSocket socket)
    {
        foreach (var middleware in Server.Middleware)
        {
            await middleware(socket);
        }

        if (_parent is not null)
        {
            foreach (var middleware in _parent._middleware)
            {
                await middleware(socket);
            }
        }

        foreach (var middleware in _middleware)
        {
            await middleware(socket);
        }
    }

    /// <summary>
    /// Starts the connection handlers, the parent's (for a child) then this namespace's, in the order added. None is
    /// awaited before the next starts, as the reference calls its listeners: every handler has registered its listeners
    /// (what it does before its first await) when this returns, whatever another one awaits. Each handler's failure is
    /// logged on its own and stops no other.
    /// </summary>
    internal void StartConnectionHandlers(SocketIoSocket socket)
    {
        if (_parent is not null)
        {
            Start(_parent._connectionHandlers, socket);
        }

        Start(_connectionHandlers, socket);
    }

    private void Start(SocketIoConnectionHandler[] handlers, SocketIoSocket socket)
    {
        foreach (var handler in handlers)
        {
            ValueTask running;
            try
            {
                running = handler(socket);
            }
            catch (Exception ex)
            {
                Server.OnHandlerFailed(this, "connection", ex);
                continue;
            }

            SocketIoClient.Observe(CompleteAsync(running));
        }
    }

    private async ValueTask CompleteAsync(ValueTask running)
    {
        try
        {
            await running;
        }
        catch (Exception ex)
        {
            Server.OnHandlerFailed(this, "connection", ex);
        }
    }

    internal static JsonElement EmptyAuth { get; } = JsonDocument.Parse("{}").RootElement;
}
