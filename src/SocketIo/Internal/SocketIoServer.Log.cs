using Microsoft.Extensions.Logging;

namespace SocketIo.Internal;

internal sealed partial class SocketIoServer
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Socket {SocketId} connected to {Namespace}.", EventName = "SocketConnected")]
        public static partial void SocketConnected(ILogger logger, string socketId, string @namespace);

        [LoggerMessage(2, LogLevel.Debug, "Socket {SocketId} left {Namespace}: {Reason}.", EventName = "SocketDisconnected")]
        public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, string reason);

        [LoggerMessage(7, LogLevel.Error, "The {Event} handler of {Namespace} failed.", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string @namespace, string @event, Exception exception);
    }
}
