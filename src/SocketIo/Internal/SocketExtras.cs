using SocketIo.Adapters;

namespace SocketIo.Internal;

/// <summary>
/// What a socket holds only when it is used: catch-all and outgoing handlers, items, disconnect events, the broadcasts
/// held while a recovered socket catches up. Most sockets use none of it, so they keep one null reference instead of a
/// field for each. Written under the connection's lock; the lists are immutable arrays, replaced on change, so that
/// they can be read without it.
/// </summary>
internal sealed class SocketExtras
{
    public volatile SocketIoAnyListener[]? AnyHandlers;

    public volatile SocketIoOutgoingListener[]? OutgoingHandlers;

    public Dictionary<object, object?>? Items;

    public Action<SocketIoSocket, SocketIoDisconnectReason>? Disconnecting;

    public Action<SocketIoSocket, SocketIoDisconnectReason>? Disconnected;

    /// <summary>
    /// While a recovered socket is being sent what it missed: the broadcasts that select it meanwhile, sent after
    /// those (guarded by the lock; null otherwise).
    /// </summary>
    public volatile List<(SocketIoPacket Packet, SocketIoBroadcastOptions Options)>? Held;

    /// <summary>A private session id that came back from a session in a form other than this server's own.</summary>
    public string? PrivateId;
}
