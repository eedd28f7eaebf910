using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EngineIo;
using SocketIo.Adapters;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace SocketIo;

/// <summary>Handles an event. Handlers start in the order events arrive; one that awaits does not hold back the next.</summary>
public delegate ValueTask SocketIoEventListener(SocketIoEvent e);

/// <summary>Sees every incoming event before its own handlers do.</summary>
public delegate ValueTask SocketIoAnyListener(SocketIoEvent e);

/// <summary>Sees every outgoing event of a socket as it is sent.</summary>
public delegate void SocketIoOutgoingListener(string eventName, IReadOnlyList<object?> args);

/// <summary>
/// A client connected to one namespace. One connection can hold sockets in several namespaces; each has its own id,
/// handlers and rooms.
/// </summary>
/// <remarks>
/// Handlers start in the order the client's packets arrive; as in the reference server, a handler that awaits does not
/// hold back the packets after it (an acknowledgement it waits for must be able to arrive). Emits never block: they
/// queue the packet for the connection's writer. Every member is safe to call from any thread.
/// </remarks>
public sealed partial class SocketIoSocket
{
    private readonly SocketIoClient _client;
    // Handler lists are immutable arrays, replaced on change, so dispatching an event copies nothing; the table itself
    // may be a SocketIoEventHandlers set that other sockets share, so it is never changed in place either.
    /// <summary>Event name → its handlers. A socket has a few events, so a flat array searched in order costs less
    /// per connection than a dictionary and finds a name as fast.</summary>
    private KeyValuePair<string, SocketIoEventListener[]>[] _handlers = [];
    /// <summary>What few sockets use (see <see cref="SocketExtras"/>): made on first use, under the lock.</summary>
    private volatile SocketExtras? _extras;
    /// <summary>
    /// With recovery on, the private session id (<c>pid</c>) in its 15 bytes and a marker (see
    /// <see cref="SharedSource.PackedId"/>), so that an idle socket holds no string for it; none when recovery is off or
    /// when the id came back from a session in another form (then it is in <see cref="SocketExtras.PrivateId"/>).
    /// </summary>
    private readonly SharedSource.PackedId _privateId;
    private volatile bool _connected;
    /// <summary>Set once the socket left for a reason its session is kept for: its emits are still kept then.</summary>
    private volatile bool _keepsSession;

    internal SocketIoSocket(SocketIoNamespace nsp, SocketIoClient client, string id, SocketIoHandshake handshake, string? privateId = null, bool recovered = false)
    {
        Namespace = nsp;
        _client = client;
        Id = id;
        Handshake = handshake;
        if (privateId is not null && !SharedSource.PackedId.TryParse(privateId, out _privateId))
        {
            _extras = new SocketExtras { PrivateId = privateId };
        }

        Recovered = recovered;
    }

    /// <summary>A new socket with a new private session id, packed (<see cref="SharedSource.PackedId"/>).</summary>
    internal SocketIoSocket(SocketIoNamespace nsp, SocketIoClient client, string id, SocketIoHandshake handshake, SharedSource.PackedId packedPrivateId)
        : this(nsp, client, id, handshake)
    {
        _privateId = packedPrivateId;
    }

    /// <summary>This socket's id: unique per namespace connection, and the name of a room only it is in.</summary>
    public string Id { get; }

    /// <summary>
    /// Whether this socket is a recovered one (<see cref="SocketIoOptions.ConnectionStateRecovery"/>): the client came
    /// back within the window, and the socket has the id, rooms and <see cref="Data"/> it had before, and was sent the
    /// events it missed before anything else.
    /// </summary>
    public bool Recovered { get; }

    /// <summary>The private session id given to the client for recovery (<c>pid</c>); null when recovery is off.</summary>
    internal string? PrivateId => !_privateId.IsNone ? _privateId.ToString() : _extras?.PrivateId;

    /// <summary>Whether the socket has a <see cref="PrivateId"/> (recovery is on), without making its string.</summary>
    internal bool HasPrivateId => !_privateId.IsNone || _extras?.PrivateId is not null;

    /// <summary>The namespace the socket joined.</summary>
    public SocketIoNamespace Namespace { get; }

    /// <summary>What the client presented when it connected.</summary>
    public SocketIoHandshake Handshake { get; }

    /// <summary>True from the CONNECT answer until the socket disconnects.</summary>
    public bool Connected => _connected;

    /// <summary>The transport the connection uses now (polling, or WebSocket once upgraded).</summary>
    public EngineIoTransports Transport => _client.Engine.Transport;

    /// <summary>
    /// The Engine.IO protocol revision of the connection: 4, or 3 for an older client (socket.io-client 2.x, with
    /// <see cref="EngineIo.EngineIoOptions.AllowEio3"/>), which cannot send a CONNECT auth payload to the main namespace and
    /// passes its credentials in <see cref="SocketIoHandshake.Query"/> instead.
    /// </summary>
    public int EngineIoProtocol => _client.Engine.Protocol;

    /// <summary>
    /// Bytes the connection holds for the client and has not yet written: queued, or being written to a client that
    /// has not read them. Shared by every namespace socket of the connection. Zero when the client has everything.
    /// </summary>
    public long BufferedBytes => _client.Engine.BufferedBytes;

    /// <summary>
    /// Calls <paramref name="callback"/> once the connection has written everything queued for the client
    /// (<see cref="BufferedBytes"/> is zero): at once, on the calling thread, if that is so now. Never called if the
    /// connection closes first. Lets an application hold back what it sends to a client that has fallen behind (and
    /// send only the newest of it) instead of queueing every message.
    /// </summary>
    /// <remarks>The callback runs with no lock held and may emit; it should not block.</remarks>
    public void WhenDrained(Action callback) => _client.Engine.WhenDrained(callback);

    /// <summary>Any value the application wants to keep with the socket (the reference's <c>socket.data</c>).</summary>
    public object? Data { get; set; }

    /// <summary>Per-socket state by key, created on first use.</summary>
    public IDictionary<object, object?> Items
    {
        get
        {
            lock (ConnectionLock)
            {
                return ExtrasLocked.Items ??= [];
            }
        }
    }

    /// <summary>The rooms the socket is in, its own id room included.</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.Adapter.SocketRooms(Id);

    internal SocketIoClient Client => _client;

    /// <summary>The connection's (see <see cref="SocketIoClient.Lock"/>); read through the client, not kept in a field of each socket.</summary>
    private object ConnectionLock => _client.Lock;

    /// <summary>The socket's <see cref="SocketExtras"/>, made now if it has none; the lock is held.</summary>
    private SocketExtras ExtrasLocked
    {
        get
        {
            Debug.Assert(Monitor.IsEntered(ConnectionLock));
            return _extras ??= new SocketExtras();
        }
    }

    /// <summary>Raised when the socket is about to leave: it is still in its rooms.</summary>
    public event Action<SocketIoSocket, SocketIoDisconnectReason>? Disconnecting
    {
        add
        {
            lock (ConnectionLock)
            {
                ExtrasLocked.Disconnecting += value;
            }
        }

        remove
        {
            lock (ConnectionLock)
            {
                if (_extras is { } extras)
                {
                    extras.Disconnecting -= value;
                }
            }
        }
    }

    /// <summary>Raised once the socket has left its namespace.</summary>
    public event Action<SocketIoSocket, SocketIoDisconnectReason>? Disconnected
    {
        add
        {
            lock (ConnectionLock)
            {
                ExtrasLocked.Disconnected += value;
            }
        }

        remove
        {
            lock (ConnectionLock)
            {
                if (_extras is { } extras)
                {
                    extras.Disconnected -= value;
                }
            }
        }
    }

    /// <summary>Adds a handler for an event name. Several handlers for one name run in the order they were added.</summary>
    public SocketIoSocket On(string eventName, SocketIoEventListener handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (ConnectionLock)
        {
            _handlers = SocketIoEventHandlers.Add(_handlers, eventName, [handler]);
            AssertInvariants();
        }

        return this;
    }

    /// <summary>
    /// Adds every handler of <paramref name="handlers"/>, after those already added for the same events. A socket
    /// that has no event handlers yet shares the set itself instead of copying it (see <see cref="SocketIoEventHandlers"/>).
    /// </summary>
    public SocketIoSocket On(SocketIoEventHandlers handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        lock (ConnectionLock)
        {
            if (_handlers.Length == 0)
            {
                _handlers = handlers.Entries;
            }
            else
            {
                foreach (var (eventName, listeners) in handlers.Entries)
                {
                    _handlers = SocketIoEventHandlers.Add(_handlers, eventName, listeners);
                }
            }

            AssertInvariants();
        }

        return this;
    }

    /// <summary>Adds a handler that receives the first argument deserialized, and the event for anything more.</summary>
    public SocketIoSocket On<T>(string eventName, Func<T?, SocketIoEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return On(eventName, e => handler(e.Count > 0 ? e.Get<T>(0) : default, e));
    }

    /// <summary>Removes one handler of an event, or every handler of it when <paramref name="handler"/> is null.</summary>
    public SocketIoSocket Off(string eventName, SocketIoEventListener? handler = null)
    {
        lock (ConnectionLock)
        {
            var index = IndexOfHandlersLocked(eventName);
            if (index >= 0)
            {
                var remaining = handler is null ? [] : Array.FindAll(_handlers[index].Value, h => h != handler);
                if (remaining.Length == 0)
                {
                    _handlers = [.. _handlers.AsSpan(0, index), .. _handlers.AsSpan(index + 1)];
                }
                else
                {
                    // Copied, not changed in place: the table may be a set other sockets share.
                    var copy = (KeyValuePair<string, SocketIoEventListener[]>[])_handlers.Clone();
                    copy[index] = new(eventName, remaining);
                    _handlers = copy;
                }
            }

            AssertInvariants();
        }

        return this;
    }

    /// <summary>Adds a handler that sees every incoming event, after those already added.</summary>
    public SocketIoSocket OnAny(SocketIoAnyListener handler) => AddAny(handler, prepend: false);

    /// <summary>Adds a handler that sees every incoming event, before those already added.</summary>
    public SocketIoSocket PrependAny(SocketIoAnyListener handler) => AddAny(handler, prepend: true);

    /// <summary>Removes one catch-all handler, or all of them when <paramref name="handler"/> is null.</summary>
    public SocketIoSocket OffAny(SocketIoAnyListener? handler = null)
    {
        lock (ConnectionLock)
        {
            if (_extras is { } extras)
            {
                extras.AnyHandlers = handler is null || extras.AnyHandlers is null ? null : Array.FindAll(extras.AnyHandlers, h => h != handler);
            }
        }

        return this;
    }

    /// <summary>Adds a handler that sees every event this socket emits.</summary>
    public SocketIoSocket OnAnyOutgoing(SocketIoOutgoingListener handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (ConnectionLock)
        {
            var extras = ExtrasLocked;
            extras.OutgoingHandlers = [.. extras.OutgoingHandlers ?? [], handler];
        }

        return this;
    }

    /// <summary>Removes one outgoing handler, or all of them when <paramref name="handler"/> is null.</summary>
    public SocketIoSocket OffAnyOutgoing(SocketIoOutgoingListener? handler = null)
    {
        lock (ConnectionLock)
        {
            if (_extras is { } extras)
            {
                extras.OutgoingHandlers = handler is null || extras.OutgoingHandlers is null ? null : Array.FindAll(extras.OutgoingHandlers, h => h != handler);
            }
        }

        return this;
    }

    private SocketIoSocket AddAny(SocketIoAnyListener handler, bool prepend)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (ConnectionLock)
        {
            var extras = ExtrasLocked;
            var current = extras.AnyHandlers ?? [];
            extras.AnyHandlers = prepend ? [handler, .. current] : [.. current, handler];
        }

        return this;
    }

    /// <summary>Sends an event to this client. Byte arrays among the arguments (at any depth) go as binary.</summary>
    /// <returns>A completed task: the packet is queued, not yet delivered.</returns>
    public ValueTask EmitAsync(string eventName, params object?[] args)
    {
        Emit(eventName, args, ackId: -1);
        return default;
    }

    /// <summary>Sends a <c>message</c> event (the reference's <c>socket.send</c>).</summary>
    public ValueTask SendAsync(params object?[] args) => EmitAsync("message", args);

    /// <summary>
    /// Sends an event and waits for the client's acknowledgement.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/> ("operation has timed out").</exception>
    /// <exception cref="SocketIoDisconnectedException">The socket disconnected before answering.</exception>
    public Task<SocketIoAckResponse> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args) =>
        EmitWithAckAsync(eventName, timeout, CancellationToken.None, args);

    /// <summary>Sends an event and waits for the client's acknowledgement, or until the token is cancelled.</summary>
    public Task<SocketIoAckResponse> EmitWithAckAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var ackId = Namespace.NextAckId();
        var pending = _client.Acks.Register(this, ackId, timeout, cancellationToken);
        if (!Emit(eventName, args, ackId))
        {
            _client.Acks.Fail(Id, ackId, new SocketIoDisconnectedException());
        }

        return pending;
    }

    /// <summary>Puts the socket in a room (rooms are per namespace).</summary>
    public void Join(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.AddAll(Id, [room]);
    }

    /// <summary>Puts the socket in several rooms.</summary>
    public void Join(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        Namespace.Adapter.AddAll(Id, rooms);
    }

    /// <summary>Takes the socket out of a room.</summary>
    public void Leave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.Del(Id, room);
    }

    /// <summary>Targets the sockets in a room, this one excepted.</summary>
    public SocketIoBroadcastOperator To(string room) => Broadcast.To(room);

    /// <summary>Targets every socket of the namespace except the given room's, and this one.</summary>
    public SocketIoBroadcastOperator Except(string room) => Broadcast.Except(room);

    /// <summary>Targets every other socket of the namespace.</summary>
    public SocketIoBroadcastOperator Broadcast => new SocketIoBroadcastOperator(Namespace).Except(Id);

    /// <summary>
    /// Disconnects the socket from its namespace; with <paramref name="close"/>, closes the whole connection (every
    /// namespace of the client) as well.
    /// </summary>
    public ValueTask DisconnectAsync(bool close = false)
    {
        if (!_connected)
        {
            return default;
        }

        if (close)
        {
            _client.DisconnectAll();
            return default;
        }

        Disconnect();
        return default;
    }

    /// <summary>Tells the client its socket is disconnected (so it does not reconnect), then leaves the namespace.</summary>
    internal void Disconnect()
    {
        if (_connected)
        {
            _client.SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.Disconnect, Namespace.Name, payload: null));
            OnClose(SocketIoDisconnectReason.ServerNamespaceDisconnect);
        }
    }

    internal void MarkConnected() => _connected = true;

    /// <summary>Encodes and queues an event; returns false if the connection is gone.</summary>
    private bool Emit(string eventName, object?[] args, long ackId)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        if (ackId < 0 && HasPrivateId)
        {
            return EmitRecoverable(eventName, args);
        }

        if (!_connected)
        {
            return false;
        }

        NotifyOutgoing(eventName, args);
        Namespace.Server.Admin?.OnEventSent(this, eventName, args);
        var sent = _client.Codec.SendEvent(_client.Engine, Namespace.Name, ackId, eventName, args, Namespace.Server.JsonOptions, out var bytes);
        if (sent)
        {
            Namespace.Server.Admin?.OnPacketOut(bytes);
        }

        Namespace.Server.Metrics.EventsSent(1);
        return sent;
    }

    /// <summary>
    /// With recovery on, an emit without acknowledgement goes through the adapter as a broadcast to this socket's own
    /// room, as in the reference, so that it is kept with an offset; even once the socket is disconnected, if its
    /// session is kept, so that a client that comes back still gets it.
    /// </summary>
    private bool EmitRecoverable(string eventName, object?[] args)
    {
        if (!_connected && !_keepsSession)
        {
            // Gone for good (it left, or was disconnected, on purpose): nothing would ever read it.
            return false;
        }

        // Made per emit rather than kept: the window keeps the room's name alone, and the emit encodes a packet anyway.
        var self = new SocketIoBroadcastOptions(new SingleRoomSet(Id), SocketIoBroadcastOptions.NoRooms, isVolatile: false, isLocal: false);
        var packet = SocketPacketWriter.Encode(Namespace.Name, -1, eventName, args, Namespace.Server.JsonOptions);
        Namespace.Adapter.Broadcast(packet, self);
        Namespace.Server.Metrics.EventsSent(1);
        return _connected;
    }

    private static long AttachmentBytes(IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        long bytes = 0;
        foreach (var attachment in attachments)
        {
            bytes += attachment.Length;
        }

        return bytes;
    }

    internal void NotifyOutgoing(string eventName, object?[] args)
    {
        var handlers = _extras?.OutgoingHandlers;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers)
        {
            handler(eventName, args);
        }
    }

    internal void SendAck(long ackId, object?[] args)
    {
        if (_connected)
        {
            if (_client.Codec.SendEvent(_client.Engine, Namespace.Name, ackId, eventName: null, args, Namespace.Server.JsonOptions, out var bytes))
            {
                Namespace.Server.Admin?.OnPacketOut(bytes);
            }
        }
    }

    /// <summary>Sends a packet encoded once for many sockets (a broadcast).</summary>
    internal bool SendBroadcast(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        if (!_connected || (options.Volatile && !_client.Engine.IsWritable))
        {
            return false;
        }

        if (_extras?.Held is not null && Hold(packet, options))
        {
            return true;
        }

        if (packet.EventName is not null)
        {
            NotifyOutgoing(packet.EventName, packet.EventArguments!);
        }

        if (Namespace.Server.Admin is { } admin)
        {
            // The packet's size in the default parser's form, whatever the wire's: what the reference counts too.
            admin.OnPacketOut(packet.Text.Length + AttachmentBytes(packet.Attachments));
        }

        return _client.Codec.Send(_client.Engine, packet, options.Compress, options.Volatile);
    }

    /// <summary>Starts holding the broadcasts that select this socket, until <see cref="ReleaseHeld"/>.</summary>
    internal void BeginHold()
    {
        lock (ConnectionLock)
        {
            ExtrasLocked.Held = [];
        }
    }

    private bool Hold(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        lock (ConnectionLock)
        {
            var held = _extras?.Held;
            if (held is null)
            {
                return false;
            }

            // A volatile packet may be dropped when the client is not ready, and it is not.
            if (!options.Volatile)
            {
                held.Add((packet, options));
            }

            return true;
        }
    }

    /// <summary>Sends what was held, in order, and stops holding; under the lock, so that nothing overtakes it.</summary>
    internal void ReleaseHeld()
    {
        lock (ConnectionLock)
        {
            foreach (var (packet, options) in _extras?.Held ?? [])
            {
                if (packet.EventName is not null)
                {
                    NotifyOutgoing(packet.EventName, packet.EventArguments!);
                }

                _client.Codec.Send(_client.Engine, packet, options.Compress, isVolatile: false);
            }

            // Only now: a broadcast that finds the list waits for the lock, then goes out after these.
            if (_extras is { } extras)
            {
                extras.Held = null;
            }
        }
    }

    private int IndexOfHandlersLocked(string eventName)
    {
        Debug.Assert(Monitor.IsEntered(ConnectionLock), "An index into the handler table holds only while the table cannot change.");
        var handlers = _handlers;
        for (var i = 0; i < handlers.Length; i++)
        {
            if (handlers[i].Key == eventName)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// What holds whenever the lock is released: the handler table names each event once, and only events that have a
    /// handler (<see cref="Off"/> drops an emptied entry, which dispatch would otherwise find and run nothing for).
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(ConnectionLock));
        var handlers = _handlers;
        for (var i = 0; i < handlers.Length; i++)
        {
            Debug.Assert(handlers[i].Value.Length > 0, "An event without handlers is in the table.");
            for (var j = i + 1; j < handlers.Length; j++)
            {
                Debug.Assert(handlers[i].Key != handlers[j].Key, "An event is in the table twice.");
            }
        }
    }

    /// <summary>
    /// The handlers of the event the payload's first element names, and the name as a string. A name with handlers
    /// is matched against them in its UTF-8 form and given as registered, so a dispatched event decodes no string.
    /// </summary>
    internal SocketIoEventListener[]? FindHandlers(JsonElement nameElement, out string name)
    {
        if (nameElement.ValueKind != JsonValueKind.String)
        {
            // A number (the reference accepts one) is matched by its text, as the client wrote it.
            name = nameElement.GetRawText();
            lock (ConnectionLock)
            {
                var index = IndexOfHandlersLocked(name);
                return index < 0 ? null : _handlers[index].Value;
            }
        }

        lock (ConnectionLock)
        {
            try
            {
                foreach (var entry in _handlers)
                {
                    if (nameElement.ValueEquals(entry.Key))
                    {
                        name = entry.Key;
                        return entry.Value;
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // ValueEquals unescapes the name, and throws for one no string can hold (a lone surrogate escape such
                // as "\ud800"): such a name matches no handler.
            }
        }

        // Catch-all handlers and the logs still need the name.
        name = EventName(nameElement);
        return null;
    }

    /// <summary>
    /// The name of an event the client sent (a string, or a number as written). A string no .NET string can hold (a lone
    /// surrogate escape such as <c>"\ud800"</c>, or invalid UTF-8, which a polling body may carry) matches no handler,
    /// and is passed on to the catch-all handlers and the logs as the client wrote it, invalid bytes replaced.
    /// </summary>
    internal static string EventName(JsonElement nameElement)
    {
        if (nameElement.ValueKind != JsonValueKind.String)
        {
            return nameElement.GetRawText();
        }

        try
        {
            return nameElement.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // GetRawText would transcode, and fail, just the same.
            return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(nameElement));
        }
    }

    /// <summary>Runs the catch-all handlers, then <paramref name="handlers"/> (the event's own, from <see cref="FindHandlers"/>).</summary>
    internal async ValueTask DispatchAsync(SocketIoEvent e, SocketIoEventListener[]? handlers)
    {
        var any = _extras?.AnyHandlers;
        if (any is not null)
        {
            foreach (var handler in any)
            {
                await handler(e);
            }
        }

        if (handlers is not null)
        {
            foreach (var handler in handlers)
            {
                await handler(e);
            }
        }
    }

    /// <summary>Leaves the namespace: rooms, pending acks, handlers. Called once, whatever the reason.</summary>
    internal void OnClose(SocketIoDisconnectReason reason)
    {
        lock (ConnectionLock)
        {
            if (!_connected)
            {
                return;
            }

            // Before the socket stops being connected: its emits meanwhile are kept for the session.
            _keepsSession = HasPrivateId && reason.IsRecoverable() && Namespace.Adapter is ISocketIoSessionAwareAdapter;
            _connected = false;
        }

        Namespace.Server.InvokeSafely(this, _extras?.Disconnecting, reason);
        if (_keepsSession && PrivateId is { } privateId && Namespace.Adapter is ISocketIoSessionAwareAdapter sessions)
        {
            // Before the socket leaves its rooms, which the session keeps.
            sessions.PersistSession(new SocketIoSession(Id, privateId, [.. Rooms], Data));
        }

        Namespace.Remove(this);
        Namespace.Adapter.DelAll(Id);
        _client.Acks.FailAll(Id);
        _client.Remove(this);
        Namespace.Server.OnSocketDisconnected(this, reason);
        Namespace.Server.InvokeSafely(this, _extras?.Disconnected, reason);
    }
}
