using System.Collections.Concurrent;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// Sees every socket the server creates (it runs as the first server-wide middleware, before the CONNECT answer) and
/// records its disconnect events as awaitable signals, so that a test can go from the sid its client received to the
/// server's socket and to why it left.
/// </summary>
public sealed class SocketTracker
{
    private readonly ConcurrentDictionary<string, TrackedSocket> _sockets = new(StringComparer.Ordinal);
    private int _sequence;

    /// <summary>The middleware to register first with <see cref="ISocketIoServer.Use"/>.</summary>
    public ValueTask TrackAsync(SocketIoSocket socket)
    {
        var tracked = new TrackedSocket(socket, this);
        _sockets[socket.Id] = tracked;
        socket.Disconnecting += tracked.OnDisconnecting;
        socket.Disconnected += tracked.OnDisconnected;
        return default;
    }

    /// <summary>The socket with this id; the client learns the id from the CONNECT answer, so the socket exists then.</summary>
    public TrackedSocket this[string socketId] =>
        _sockets.TryGetValue(socketId, out var tracked) ? tracked : throw new KeyNotFoundException($"The server created no socket {socketId}.");

    internal int NextSequence() => Interlocked.Increment(ref _sequence);
}

/// <summary>A server-side socket and its disconnect events.</summary>
public sealed class TrackedSocket
{
    private readonly SocketTracker _tracker;
    private readonly TaskCompletionSource<DisconnectRecord> _disconnecting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DisconnectRecord> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disconnectingCount;
    private int _disconnectedCount;

    internal TrackedSocket(SocketIoSocket socket, SocketTracker tracker)
    {
        Socket = socket;
        _tracker = tracker;
    }

    public SocketIoSocket Socket { get; }

    /// <summary>How many times each event was raised (once at most, if the server is right).</summary>
    public int DisconnectingCount => Volatile.Read(ref _disconnectingCount);

    public int DisconnectedCount => Volatile.Read(ref _disconnectedCount);

    /// <summary>The <see cref="SocketIoSocket.Disconnecting"/> event: its reason, the rooms then, and its place in order.</summary>
    public Task<DisconnectRecord> DisconnectingAsync() => _disconnecting.Task.DefaultTimeout();

    /// <summary>The <see cref="SocketIoSocket.Disconnected"/> event.</summary>
    public Task<DisconnectRecord> DisconnectedAsync() => _disconnected.Task.DefaultTimeout();

    /// <summary>The reason given to <see cref="SocketIoSocket.Disconnected"/>.</summary>
    public async Task<SocketIoDisconnectReason> DisconnectReasonAsync() => (await DisconnectedAsync()).Reason;

    public bool IsDisconnected => _disconnected.Task.IsCompleted;

    internal void OnDisconnecting(SocketIoSocket socket, SocketIoDisconnectReason reason)
    {
        Interlocked.Increment(ref _disconnectingCount);
        _disconnecting.TrySetResult(new DisconnectRecord(reason, [.. socket.Rooms], socket.Namespace.Sockets.ContainsKey(socket.Id), _tracker.NextSequence()));
    }

    internal void OnDisconnected(SocketIoSocket socket, SocketIoDisconnectReason reason)
    {
        Interlocked.Increment(ref _disconnectedCount);
        _disconnected.TrySetResult(new DisconnectRecord(reason, [.. socket.Rooms], socket.Namespace.Sockets.ContainsKey(socket.Id), _tracker.NextSequence()));
    }
}

/// <summary>What a disconnect event saw: the reason, the socket's rooms and namespace membership, and a global order.</summary>
public sealed record DisconnectRecord(SocketIoDisconnectReason Reason, string[] Rooms, bool InNamespace, int Sequence);
