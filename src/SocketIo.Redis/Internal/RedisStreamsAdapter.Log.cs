using Microsoft.Extensions.Logging;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisStreamsAdapter
{
    private static partial class Log
    {
        [LoggerMessage(41, LogLevel.Warning, "Subscribing to the channels of namespace {Namespace} failed; it is retried when Redis reconnects.", EventName = "StreamsSubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(42, LogLevel.Debug, "A message from {Source} could not be read and was ignored: {Reason}", EventName = "StreamsMalformedMessage")]
        public static partial void MalformedMessage(ILogger logger, string source, string reason);

        [LoggerMessage(43, LogLevel.Warning, "A message from {Source} could not be handled.", EventName = "StreamsMessageFailed")]
        public static partial void MessageFailed(ILogger logger, string source, Exception exception);
    }
}
