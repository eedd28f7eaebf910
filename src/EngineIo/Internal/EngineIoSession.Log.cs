using Microsoft.Extensions.Logging;

namespace EngineIo.Internal;

internal sealed partial class EngineIoSession
{
    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Debug, "Session {Sid} upgraded to websocket.", EventName = "SessionUpgraded")]
        public static partial void SessionUpgraded(ILogger logger, string sid);

        [LoggerMessage(6, LogLevel.Debug, "Session {Sid} sent a packet that could not be parsed.", EventName = "ParseError")]
        public static partial void ParseError(ILogger logger, string sid);

        [LoggerMessage(7, LogLevel.Debug, "Session {Sid} sent a heartbeat in the wrong direction for protocol v{Protocol} (in v4 only the server pings, in v3 only the client).", EventName = "InvalidHeartbeatDirection")]
        public static partial void InvalidHeartbeatDirection(ILogger logger, string sid, int protocol);

        [LoggerMessage(8, LogLevel.Warning, "Session {Sid}: the client does not keep up with what is sent to it (at most {PacketLimit} packets and {ByteLimit} bytes may wait); closing it.", EventName = "OutboundQueueFull")]
        public static partial void OutboundBufferFull(ILogger logger, string sid, int packetLimit, int byteLimit);

        [LoggerMessage(9, LogLevel.Error, "Session {Sid}: the handler failed; closing the session.", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string sid, Exception exception);

        [LoggerMessage(10, LogLevel.Debug, "Session {Sid}: transport failed.", EventName = "TransportFailed")]
        public static partial void TransportFailed(ILogger logger, string sid, Exception exception);
    }
}
