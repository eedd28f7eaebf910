using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using EngineIo;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Admin;
using SocketIo.Diagnostics;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Internal;

/// <summary>The server: its namespaces, and the Engine.IO handler through which every connection arrives.</summary>
internal sealed partial class SocketIoServer : ISocketIoServer, IEngineIoHandler
{
    private readonly ConcurrentDictionary<string, SocketIoNamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ISocketIoAdapterFactory _adapterFactory;
    private (Func<string, bool> Match, SocketIoNamespace Parent)[] _parents = [];
    private SocketIoMiddleware[] _middleware = [];

    public SocketIoServer(
        IOptions<SocketIoOptions> options,
        IOptions<EngineIoOptions> engineOptions,
        ISocketIoAdapterFactory adapterFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        SocketIoMetrics metrics,
        AdminRegistration? admin = null)
    {
        Options = options.Value;
        Options.Validate();
        _adapterFactory = adapterFactory;
        TimeProvider = timeProvider;
        PacketLimits = new SocketPacketLimits(
            Options.MaxAttachments, Options.MaxAttachmentBytes ?? engineOptions.Value.MaxPayload, Options.AttachmentTimeout, timeProvider);
        // A replay may take half of what a connection may have queued: the rest stays for what is sent meanwhile.
        MaxReplayMessages = Math.Max(engineOptions.Value.MaxBufferedPackets / 2, 1);
        MaxReplayBytes = Math.Max(engineOptions.Value.MaxBufferedBytes / 2, 1);
        Logger = loggerFactory.CreateLogger("SocketIo");
        Metrics = metrics;
        JsonOptions = CreateJsonOptions(Options.JsonSerializerOptions);
        Codec = Options.Parser == SocketIoParser.MessagePack ? MessagePackPacketCodec.Instance : DefaultPacketCodec.Instance;
        Sockets = Of("/");
        // Last: it makes the admin namespace, which needs the rest.
        Admin = admin is null ? null : new AdminInstrumentation(this, admin.Options);
    }

    /// <summary>The admin dashboard's instrumentation; null (and every hook skipped) unless <c>AddSocketIoAdmin</c> was called.</summary>
    internal AdminInstrumentation? Admin { get; }

    /// <summary>The namespaces sockets can be in (parents excluded), as they are now.</summary>
    internal ICollection<SocketIoNamespace> Namespaces => _namespaces.Values;

    /// <summary>An existing namespace (never creates one).</summary>
    internal bool TryGetNamespace(string name, out SocketIoNamespace nsp) => _namespaces.TryGetValue(name, out nsp!);

    public SocketIoOptions Options { get; }

    /// <summary>
    /// What each connection's packet reader may hold; the byte bound of one packet's attachments is the option, or the
    /// Engine.IO payload limit.
    /// </summary>
    public SocketPacketLimits PacketLimits { get; }

    /// <summary>The wire format of the server's connections (<see cref="SocketIoOptions.Parser"/>).</summary>
    public ISocketPacketCodec Codec { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// The most Engine.IO messages, and bytes, a recovered socket's missed packets may take: beyond, the connection's
    /// send queue would overflow and close it at once, the client would come back with the same offset, and so on
    /// until the window ends; such a client gets a new socket instead.
    /// </summary>
    public int MaxReplayMessages { get; }

    /// <inheritdoc cref="MaxReplayMessages"/>
    public long MaxReplayBytes { get; }

    /// <summary>The one category every Socket.IO type logs under, so that one filter (<c>"SocketIo"</c>) covers them all.</summary>
    public ILogger Logger { get; }

    public SocketIoMetrics Metrics { get; }

    /// <summary>The application's JSON options with the binary placeholder converter added, frozen.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    public SocketIoNamespace Sockets { get; }

    internal SocketIoMiddleware[] Middleware => _middleware;

    public SocketIoNamespace Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name[0] != '/')
        {
            name = "/" + name;
        }

        return _namespaces.GetOrAdd(name, static (n, server) => new SocketIoNamespace(server, n, parent: null, isParent: false), this);
    }

    public SocketIoNamespace Of(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Of(pattern.IsMatch, pattern.ToString());
    }

    public SocketIoNamespace Of(Func<string, bool> predicate) => Of(predicate, "dynamic");

    private SocketIoNamespace Of(Func<string, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var parent = new SocketIoNamespace(this, description, parent: null, isParent: true);
        lock (_lock)
        {
            _parents = [.. _parents, (predicate, parent)];
        }

        return parent;
    }

    public ISocketIoServer Use(SocketIoMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock)
        {
            _middleware = [.. _middleware, middleware];
        }

        return this;
    }

    public SocketIoBroadcastOperator To(string room) => Sockets.To(room);

    public SocketIoBroadcastOperator Except(string room) => Sockets.Except(room);

    public ValueTask EmitAsync(string eventName, params object?[] args) => Sockets.EmitAsync(eventName, args);

    public ValueTask ServerSideEmitAsync(string eventName, params object?[] args) => Sockets.ServerSideEmitAsync(eventName, args);

    public Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(string eventName, params object?[] args) =>
        Sockets.ServerSideEmitWithAckAsync(eventName, args);

    public ISocketIoServer OnServerSideEmit(string eventName, SocketIoServerSideListener handler)
    {
        Sockets.OnServerSideEmit(eventName, handler);
        return this;
    }

    /// <summary>
    /// The namespace a client asked to join: an existing one, or a new child of a matching parent; null if none. A
    /// child comes with a join begun (<see cref="SocketIoNamespace.BeginJoin"/>), taken under the lock that removal
    /// takes, so that it is not removed while the socket is on its way in; the caller ends it with <see cref="EndJoin"/>.
    /// </summary>
    public SocketIoNamespace? ResolveNamespace(string name)
    {
        if (_namespaces.TryGetValue(name, out var nsp) && !nsp.IsChild)
        {
            // Namespaces the application made are never removed.
            return nsp;
        }

        foreach (var (match, parent) in _parents)
        {
            if (match(name))
            {
                lock (_lock)
                {
                    if (!_namespaces.TryGetValue(name, out nsp))
                    {
                        nsp = parent.CreateChild(name);
                        _namespaces[name] = nsp;
                    }

                    nsp.BeginJoin();
                    AssertInvariants();
                    return nsp;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Ends a join begun by <see cref="ResolveNamespace"/>. A child that no socket ever joined (every CONNECT to it was
    /// refused) is removed whatever <see cref="SocketIoOptions.CleanupEmptyChildNamespaces"/> says: otherwise clients
    /// that cannot even pass the middleware could make the server keep one namespace for every name they try.
    /// </summary>
    public void EndJoin(SocketIoNamespace nsp)
    {
        if (nsp.IsChild)
        {
            nsp.EndJoin();
            if (!nsp.EverJoined)
            {
                RemoveChild(nsp);
            }
        }
    }

    /// <summary>Whether <see cref="ResolveNamespace"/> would find or create a namespace of this name (it creates none).</summary>
    public bool CanResolve(string name)
    {
        if (_namespaces.ContainsKey(name))
        {
            return true;
        }

        foreach (var (match, _) in _parents)
        {
            if (match(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes a child namespace if nobody is in it or on the way in.</summary>
    internal void RemoveChild(SocketIoNamespace child)
    {
        var removed = false;
        lock (_lock)
        {
            // Joins first: a join ends only after its socket is in, so no joins then no sockets means none is coming.
            if (!child.HasJoins && child.Sockets.Count == 0 && _namespaces.TryRemove(new KeyValuePair<string, SocketIoNamespace>(child.Name, child)))
            {
                foreach (var (_, parent) in _parents)
                {
                    parent.RemoveChild(child);
                }

                removed = true;
            }

            AssertInvariants();
        }

        if (removed && child.Adapter is IAsyncDisposable adapter)
        {
            // A multi-node adapter holds subscriptions for its namespace (the reference closes the adapter here too).
            _ = CloseAdapterAsync(adapter, child.Name);
        }
    }

    private async Task CloseAdapterAsync(IAsyncDisposable adapter, string nsp)
    {
        try
        {
            await adapter.DisposeAsync();
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Logger, nsp, "adapter close", ex);
        }
    }

    /// <summary>
    /// What holds whenever the lock is released: the dynamic children in the namespace map and the children their
    /// parents list are the same namespaces, so that a parent's broadcast reaches exactly the children a client can join.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        var listed = 0;
        foreach (var (_, parent) in _parents)
        {
            foreach (var child in parent.Children)
            {
                listed++;
                Debug.Assert(_namespaces.TryGetValue(child.Name, out var found) && found == child, "A parent lists a child the server no longer has.");
            }
        }

        var children = 0;
        foreach (var (_, nsp) in _namespaces)
        {
            children += nsp.IsChild ? 1 : 0;
        }

        Debug.Assert(listed == children, "A child namespace is not listed by its parent.");
    }

    internal ISocketIoAdapter CreateAdapter(SocketIoNamespace nsp) => _adapterFactory.Create(nsp);

    public ValueTask OnOpenedAsync(EngineIoSocket socket)
    {
        var client = new SocketIoClient(this, socket);
        socket.State = client;
        client.StartConnectTimer();
        Admin?.OnClientOpened(client);

        // A socket.io-client 2.x never asks for "/": the reference joins it there as soon as it connects.
        return client.IsProtocolV4 ? NamespaceHandshake.StartAsync(client, "/", SocketIoNamespace.EmptyAuth) : default;
    }

    public ValueTask OnMessageAsync(EngineIoSocket socket, EngineIoMessage message) =>
        ((SocketIoClient)socket.State!).OnMessageAsync(message);

    public void OnClosed(EngineIoSocket socket, EngineIoDisconnectReason reason)
    {
        if (socket.State is SocketIoClient client)
        {
            client.OnEngineClosed(reason);
            Admin?.OnClientClosed(client, reason);
        }
    }

    internal void OnSocketConnected(SocketIoSocket socket)
    {
        Metrics.SocketConnected(socket.Namespace.Name);
        Log.SocketConnected(Logger, socket.Id, socket.Namespace.Name);
        Admin?.OnSocketConnected(socket);
    }

    internal void OnSocketDisconnected(SocketIoSocket socket, SocketIoDisconnectReason reason)
    {
        Metrics.SocketDisconnected(socket.Namespace.Name);
        Log.SocketDisconnected(Logger, socket.Id, socket.Namespace.Name, reason.ToReasonString());
        Admin?.OnSocketDisconnected(socket, reason);
    }

    /// <summary>An application's handler (event, connection or disconnect) threw: its bug, logged, never the client's.</summary>
    internal void OnHandlerFailed(SocketIoNamespace nsp, string eventName, Exception exception) =>
        Log.HandlerFailed(Logger, nsp.Name, eventName, exception);

    /// <summary>Raises a socket event; a failing subscriber is logged, never allowed to stop the close.</summary>
    internal void InvokeSafely(SocketIoSocket socket, Action<SocketIoSocket, SocketIoDisconnectReason>? handlers, SocketIoDisconnectReason reason)
    {
        if (handlers is null)
        {
            return;
        }

        try
        {
            handlers(socket, reason);
        }
        catch (Exception ex)
        {
            OnHandlerFailed(socket.Namespace, "disconnect", ex);
        }
    }

    private static JsonSerializerOptions CreateJsonOptions(JsonSerializerOptions configured)
    {
        var options = new JsonSerializerOptions(configured);
        options.Converters.Insert(0, BinaryAttachments.Converter);
        // The app's resolvers first, then the server's own types, then reflection where the app allows it.
        options.TypeInfoResolverChain.Add(SocketIoJsonContext.Default);
        if (ReflectionResolver() is { } reflection)
        {
            options.TypeInfoResolverChain.Add(reflection);
        }

        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Reflection-based type info for apps that allow it, so that plain types work without a context there; an
    /// app published trimmed or AOT turns reflection off and gets only the source-generated contexts it supplies.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Used only when JsonSerializer.IsReflectionEnabledByDefault, a feature switch that trimming turns off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Used only when JsonSerializer.IsReflectionEnabledByDefault, a feature switch that AOT turns off.")]
    private static DefaultJsonTypeInfoResolver? ReflectionResolver() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : null;
}
