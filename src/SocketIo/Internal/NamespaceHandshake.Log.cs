using Microsoft.Extensions.Logging;

namespace SocketIo.Internal;

internal static partial class NamespaceHandshake
{
    private static partial class Log
    {
        [LoggerMessage(5, LogLevel.Debug, "A connection to {Namespace} was refused: {Message}.", EventName = "ConnectRefused")]
        public static partial void ConnectRefused(ILogger logger, string @namespace, string message);

        [LoggerMessage(6, LogLevel.Error, "A middleware of {Namespace} failed; the connection was refused.", EventName = "MiddlewareFailed")]
        public static partial void MiddlewareFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(12, LogLevel.Debug, "Socket {SocketId} of {Namespace} was recovered with {Missed} missed packets.", EventName = "SocketRecovered")]
        public static partial void Recovered(ILogger logger, string socketId, string @namespace, int missed);

        [LoggerMessage(13, LogLevel.Debug, "A client asked to recover a session of {Namespace} that is unknown, expired or past its window; it gets a new socket.", EventName = "SessionNotRecovered")]
        public static partial void NotRecovered(ILogger logger, string @namespace);

        [LoggerMessage(14, LogLevel.Warning, "Restoring a session of {Namespace} failed; the client gets a new socket.", EventName = "RestoreFailed")]
        public static partial void RestoreFailed(ILogger logger, string @namespace, Exception exception);
    }
}
