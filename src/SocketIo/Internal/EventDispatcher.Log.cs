using Microsoft.Extensions.Logging;

namespace SocketIo.Internal;

internal static partial class EventDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "The {Event} event of socket {SocketId} on {Namespace} was dropped: {Reason}", EventName = "ArgumentsRejected")]
        public static partial void ArgumentsRejected(ILogger logger, string @namespace, string @event, string socketId, string reason);
    }
}
