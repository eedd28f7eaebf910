namespace EngineIo;

/// <summary>Why a session closed. <see cref="EngineIoDisconnectReasonExtensions.ToReasonString"/> gives the reference server's wording.</summary>
public enum EngineIoDisconnectReason
{
    /// <summary>The client closed the session (a close packet, or the WebSocket closed). "transport close"</summary>
    TransportClose,

    /// <summary>The transport failed: an I/O error, overlapping polls, or a client too slow to drain its queue. "transport error"</summary>
    TransportError,

    /// <summary>No pong arrived within the ping timeout. "ping timeout"</summary>
    PingTimeout,

    /// <summary>The client sent a packet that could not be decoded. "parse error"</summary>
    ParseError,

    /// <summary>The server closed the session through <see cref="EngineIoSocket.Close"/>. "forced close"</summary>
    ForcedClose,

    /// <summary>The host is stopping. "server shutting down"</summary>
    ServerShutdown,
}

/// <summary>Wording of <see cref="EngineIoDisconnectReason"/> values.</summary>
public static class EngineIoDisconnectReasonExtensions
{
    /// <summary>The reason as the reference Engine.IO server words it, e.g. "ping timeout".</summary>
    public static string ToReasonString(this EngineIoDisconnectReason reason) => reason switch
    {
        EngineIoDisconnectReason.TransportClose => "transport close",
        EngineIoDisconnectReason.TransportError => "transport error",
        EngineIoDisconnectReason.PingTimeout => "ping timeout",
        EngineIoDisconnectReason.ParseError => "parse error",
        EngineIoDisconnectReason.ForcedClose => "forced close",
        EngineIoDisconnectReason.ServerShutdown => "server shutting down",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
