using System.Text.Json;
using SocketIo.Internal;

namespace SocketIo;

/// <summary>
/// A socket found by <see cref="SocketIoBroadcastOperator.FetchSocketsAsync"/>: on this server (<see cref="Local"/> is
/// set) or on another server of the cluster, described by what that server sent. Either way it can be sent to, moved
/// between rooms and disconnected; for a socket elsewhere, each action travels through the adapter to its server.
/// </summary>
/// <remarks>What it describes is a snapshot taken when it was fetched; the socket may have moved or left since.</remarks>
public sealed class SocketIoRemoteSocket
{
    private readonly SocketIoNamespace _namespace;
    private JsonElement? _handshake;
    private IReadOnlyCollection<string>? _rooms;

    /// <summary>Describes a socket of this server.</summary>
    internal SocketIoRemoteSocket(SocketIoSocket local)
    {
        _namespace = local.Namespace;
        Local = local;
        Id = local.Id;
        Data = local.Data;
    }

    private static readonly JsonElement _emptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>Describes a socket another server reported (for a multi-node adapter).</summary>
    /// <param name="nsp">The namespace it is in, here.</param>
    /// <param name="id">Its id.</param>
    /// <param name="handshake">Its handshake as the reference describes it (<c>headers</c>, <c>time</c>, <c>address</c>,
    /// <c>xdomain</c>, <c>secure</c>, <c>issued</c>, <c>url</c>, <c>query</c>, <c>auth</c>); <c>default</c> when its server
    /// sent none, which reads as an empty object.</param>
    /// <param name="rooms">Its rooms.</param>
    /// <param name="data">Its <c>data</c>, as JSON; <c>default</c> when its server sent none.</param>
    public SocketIoRemoteSocket(SocketIoNamespace nsp, string id, JsonElement handshake, IReadOnlyCollection<string> rooms, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(rooms);
        _namespace = nsp;
        Id = id;
        // A server that sent no handshake gives an empty one rather than an element that throws on every use.
        _handshake = handshake.ValueKind == JsonValueKind.Undefined ? _emptyObject : handshake;
        _rooms = rooms;
        // A server that sent no data (JavaScript's undefined) gives none.
        Data = data.ValueKind == JsonValueKind.Undefined ? null : data;
    }

    /// <summary>The socket's id (a room only it is in).</summary>
    public string Id { get; }

    /// <summary>The socket itself when it is connected to this server; null when it is on another server.</summary>
    public SocketIoSocket? Local { get; }

    /// <summary>
    /// The rooms the socket was in, its own id included: when it was fetched for a socket elsewhere, when first read
    /// for a local one (a fetch of many local sockets copies no room lists it is not asked for).
    /// </summary>
    public IReadOnlyCollection<string> Rooms => _rooms ??= Local!.Rooms;

    /// <summary>
    /// The socket's <see cref="SocketIoSocket.Data"/>: the object itself for a local socket, the <see cref="JsonElement"/>
    /// its server sent otherwise.
    /// </summary>
    public object? Data { get; }

    /// <summary>
    /// The handshake in the reference's JSON shape (<c>headers</c>, <c>time</c>, <c>address</c>, <c>xdomain</c>,
    /// <c>secure</c>, <c>issued</c>, <c>url</c>, <c>query</c>, <c>auth</c>), which is what servers exchange.
    /// </summary>
    public JsonElement Handshake => _handshake ??= HandshakeJson.ToElement(Local!.Handshake);

    /// <summary>Sends an event to the socket, wherever it is.</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args) =>
        Local is { } local ? local.EmitAsync(eventName, args) : _namespace.To(Id).EmitAsync(eventName, args);

    /// <summary>Puts the socket in a room, wherever it is.</summary>
    public ValueTask JoinAsync(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (Local is { } local)
        {
            local.Join(room);
            return default;
        }

        return _namespace.To(Id).SocketsJoinAsync(room);
    }

    /// <summary>Takes the socket out of a room, wherever it is.</summary>
    public ValueTask LeaveAsync(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (Local is { } local)
        {
            local.Leave(room);
            return default;
        }

        return _namespace.To(Id).SocketsLeaveAsync(room);
    }

    /// <summary>Disconnects the socket, wherever it is; with <paramref name="close"/>, its whole connection.</summary>
    public ValueTask DisconnectAsync(bool close = false) =>
        Local is { } local ? local.DisconnectAsync(close) : _namespace.To(Id).DisconnectSocketsAsync(close);
}
