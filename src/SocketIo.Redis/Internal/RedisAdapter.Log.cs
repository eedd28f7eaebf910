using Microsoft.Extensions.Logging;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisAdapter
{
    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Warning, "Subscribing to the channels of namespace {Namespace} failed; retrying.", EventName = "SubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(11, LogLevel.Debug, "A message on {Channel} could not be read and was ignored: {Reason}", EventName = "MalformedMessage")]
        public static partial void MalformedMessage(ILogger logger, string channel, string reason);

        [LoggerMessage(12, LogLevel.Warning, "A request of type {Type} to namespace {Namespace} failed.", EventName = "RequestFailed")]
        public static partial void RequestFailed(ILogger logger, int type, string @namespace, Exception exception);

        [LoggerMessage(14, LogLevel.Warning, "A message on {Channel} could not be handled.", EventName = "MessageFailed")]
        public static partial void MessageFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(13, LogLevel.Debug, "A request of unknown type {Type} to namespace {Namespace} was ignored.", EventName = "UnknownRequest")]
        public static partial void UnknownRequest(ILogger logger, int type, string @namespace);
    }
}
