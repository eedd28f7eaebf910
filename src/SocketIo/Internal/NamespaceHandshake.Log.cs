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
    }
}
