using EngineIo;

namespace SocketIo;

/// <summary>Why a socket left its namespace. <see cref="SocketIoDisconnectReasonExtensions.ToReasonString"/> gives the reference's wording.</summary>
public enum SocketIoDisconnectReason
{
    /// <summary>The client left the namespace (<c>socket.disconnect()</c> on the client). "client namespace disconnect"</summary>
    ClientNamespaceDisconnect,

    /// <summary>The server disconnected the socket. "server namespace disconnect"</summary>
    ServerNamespaceDisconnect,

    /// <summary>The connection closed (the client went away). "transport close"</summary>
    TransportClose,

    /// <summary>The connection failed. "transport error"</summary>
    TransportError,

    /// <summary>The client stopped answering pings. "ping timeout"</summary>
    PingTimeout,

    /// <summary>The client sent a packet that could not be decoded. "parse error"</summary>
    ParseError,

    /// <summary>The Engine.IO session was closed by the server. "forced close"</summary>
    ForcedClose,

    /// <summary>The server is stopping. "server shutting down"</summary>
    ServerShuttingDown,

    /// <summary>The server closed the whole connection (<c>DisconnectAsync(close: true)</c>). "forced server close"</summary>
    ForcedServerClose,
}

/// <summary>Wording of <see cref="SocketIoDisconnectReason"/> values.</summary>
public static class SocketIoDisconnectReasonExtensions
{
    /// <summary>The reason as the reference Socket.IO server words it, e.g. "client namespace disconnect".</summary>
    public static string ToReasonString(this SocketIoDisconnectReason reason) => reason switch
    {
        SocketIoDisconnectReason.ClientNamespaceDisconnect => "client namespace disconnect",
        SocketIoDisconnectReason.ServerNamespaceDisconnect => "server namespace disconnect",
        SocketIoDisconnectReason.TransportClose => "transport close",
        SocketIoDisconnectReason.TransportError => "transport error",
        SocketIoDisconnectReason.PingTimeout => "ping timeout",
        SocketIoDisconnectReason.ParseError => "parse error",
        SocketIoDisconnectReason.ForcedClose => "forced close",
        SocketIoDisconnectReason.ServerShuttingDown => "server shutting down",
        SocketIoDisconnectReason.ForcedServerClose => "forced server close",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>
    /// Whether a client that lost its socket for this reason comes back on its own, so that its session is kept for
    /// connection state recovery: the reference's <c>RECOVERABLE_DISCONNECT_REASONS</c>.
    /// </summary>
    internal static bool IsRecoverable(this SocketIoDisconnectReason reason) => reason is SocketIoDisconnectReason.TransportError
        or SocketIoDisconnectReason.TransportClose or SocketIoDisconnectReason.ForcedClose or SocketIoDisconnectReason.PingTimeout
        or SocketIoDisconnectReason.ServerShuttingDown or SocketIoDisconnectReason.ForcedServerClose;

    /// <summary>Why a socket leaves when its connection closed for <paramref name="reason"/>, with no Socket.IO reason of its own.</summary>
    internal static SocketIoDisconnectReason ToSocketIoReason(this EngineIoDisconnectReason reason) => reason switch
    {
        EngineIoDisconnectReason.TransportClose => SocketIoDisconnectReason.TransportClose,
        EngineIoDisconnectReason.TransportError => SocketIoDisconnectReason.TransportError,
        EngineIoDisconnectReason.PingTimeout => SocketIoDisconnectReason.PingTimeout,
        EngineIoDisconnectReason.ParseError => SocketIoDisconnectReason.ParseError,
        EngineIoDisconnectReason.ServerShutdown => SocketIoDisconnectReason.ServerShuttingDown,
        _ => SocketIoDisconnectReason.ForcedClose,
    };
}
