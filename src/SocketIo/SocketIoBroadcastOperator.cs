using SocketIo.Adapters;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace SocketIo;

/// <summary>
/// A selection of a namespace's sockets to emit to, built by chaining: <c>nsp.To("a").Except("b").EmitAsync(...)</c>.
/// Each call returns a new operator; the packet is encoded once whatever the number of targets.
/// </summary>
public readonly struct SocketIoBroadcastOperator
{
    private readonly SocketIoNamespace _namespace;
    private readonly RoomSelection _rooms;
    private readonly RoomSelection _except;
    private readonly bool _volatile;
    private readonly bool _local;
    private readonly bool _noCompression;
    private readonly TimeSpan? _timeout;

    internal SocketIoBroadcastOperator(SocketIoNamespace nsp)
        : this(nsp, default, default, false, false, false, null)
    {
    }

    private SocketIoBroadcastOperator(SocketIoNamespace nsp, RoomSelection rooms, RoomSelection except, bool isVolatile, bool isLocal, bool noCompression, TimeSpan? timeout)
    {
        _namespace = nsp;
        _rooms = rooms;
        _except = except;
        _volatile = isVolatile;
        _local = isLocal;
        _noCompression = noCompression;
        _timeout = timeout;
    }

    /// <summary>Adds a room (or a socket id) to the targets.</summary>
    public SocketIoBroadcastOperator To(string room) => new(_namespace, _rooms.Add(room), _except, _volatile, _local, _noCompression, _timeout);

    /// <summary>Adds a room (or a socket id) to the targets; the same as <see cref="To"/>.</summary>
    public SocketIoBroadcastOperator In(string room) => To(room);

    /// <summary>Leaves out the sockets in a room (or a socket id).</summary>
    public SocketIoBroadcastOperator Except(string room) => new(_namespace, _rooms, _except.Add(room), _volatile, _local, _noCompression, _timeout);

    /// <summary>Clients not ready to receive (a poll not pending, a queue not empty) miss the packet instead of queueing it.</summary>
    public SocketIoBroadcastOperator Volatile => new(_namespace, _rooms, _except, true, _local, _noCompression, _timeout);

    /// <summary>Only this server's sockets, with a multi-node adapter.</summary>
    public SocketIoBroadcastOperator Local => new(_namespace, _rooms, _except, _volatile, true, _noCompression, _timeout);

    /// <summary>The time <see cref="EmitWithAckAsync"/> waits for every target's answer.</summary>
    public SocketIoBroadcastOperator Timeout(TimeSpan timeout) => new(_namespace, _rooms, _except, _volatile, _local, _noCompression, timeout);

    /// <summary>With false, the packet goes uncompressed even over WebSockets that negotiated permessage-deflate.</summary>
    public SocketIoBroadcastOperator Compress(bool compress) => new(_namespace, _rooms, _except, _volatile, _local, !compress, _timeout);

    private SocketIoBroadcastOptions Options => new(_rooms.ToSet(), _except.ToSet(), _volatile, _local, compress: !_noCompression);

    /// <summary>Sends an event to the selected sockets.</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var options = Options;
        foreach (var nsp in Targets())
        {
            var packet = SocketPacketWriter.Encode(nsp.Name, -1, eventName, args, nsp.Server.JsonOptions);
            nsp.Adapter.Broadcast(packet, options);
            nsp.Server.Metrics.BroadcastSent();
        }

        return default;
    }

    /// <summary>
    /// Sends an event to the selected sockets and collects their acknowledgements: all of them, or those that came
    /// before the <see cref="Timeout"/> (then <see cref="SocketIoBroadcastAckResult.TimedOut"/> is set).
    /// </summary>
    public async Task<SocketIoBroadcastAckResult> EmitWithAckAsync(string eventName, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var timeout = _timeout ?? System.Threading.Timeout.InfiniteTimeSpan;
        var options = Options;
        var responses = new List<SocketIoAckResponse>();
        var expected = 0;
        var timedOut = false;
        foreach (var nsp in Targets())
        {
            var ackId = nsp.NextAckId();
            var packet = SocketPacketWriter.Encode(nsp.Name, ackId, eventName, args, nsp.Server.JsonOptions);
            var collector = new SocketIoAckCollector { Timeout = timeout };
            nsp.Adapter.BroadcastWithAck(packet, ackId, options, collector);
            collector.Seal(nsp.Server.TimeProvider, timeout);
            var result = await collector.Task;
            responses.AddRange(result.Responses);
            expected += result.Expected;
            timedOut |= result.TimedOut;
        }

        return new SocketIoBroadcastAckResult(responses, expected, timedOut);
    }

    /// <summary>
    /// The selected sockets: this server's (their <see cref="SocketIoRemoteSocket.Local"/> is set) and, with a
    /// multi-node adapter and unless <see cref="Local"/>, the other servers'.
    /// </summary>
    /// <exception cref="TimeoutException">With a multi-node adapter, a server did not answer in time.</exception>
    public async ValueTask<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync()
    {
        var options = Options;
        var sockets = new List<SocketIoRemoteSocket>();
        foreach (var nsp in Targets())
        {
            sockets.AddRange(await nsp.Adapter.FetchSocketsAsync(options));
        }

        return sockets;
    }

    /// <summary>Puts the selected sockets in a room.</summary>
    public async ValueTask SocketsJoinAsync(string room)
    {
        var options = Options;
        foreach (var nsp in Targets())
        {
            await nsp.Adapter.AddSocketsAsync(options, [room]);
        }
    }

    /// <summary>Takes the selected sockets out of a room.</summary>
    public async ValueTask SocketsLeaveAsync(string room)
    {
        var options = Options;
        foreach (var nsp in Targets())
        {
            await nsp.Adapter.DelSocketsAsync(options, [room]);
        }
    }

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/>, their whole connections.</summary>
    public async ValueTask DisconnectSocketsAsync(bool close = false)
    {
        var options = Options;
        foreach (var nsp in Targets())
        {
            await nsp.Adapter.DisconnectSocketsAsync(options, close);
        }
    }

    /// <summary>The namespace itself, or for a parent namespace every child it created.</summary>
    private SocketIoNamespace[] Targets() => _namespace.IsParent ? _namespace.Children : _namespace.AsTargets;
}
