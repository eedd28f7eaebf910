using Microsoft.Extensions.Logging;

namespace SocketIo.Redis.Internal;

internal sealed partial class ShardedRedisAdapter
{
    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Subscribing to the sharded channels of namespace {Namespace} failed; retrying.", EventName = "ShardedSubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(21, LogLevel.Debug, "A message on {Channel} could not be read and was ignored: {Reason}", EventName = "ShardedMalformedMessage")]
        public static partial void MalformedMessage(ILogger logger, string channel, string reason);

        [LoggerMessage(22, LogLevel.Warning, "A message on {Channel} could not be handled.", EventName = "ShardedMessageFailed")]
        public static partial void MessageFailed(ILogger logger, string channel, Exception exception);


        [LoggerMessage(24, LogLevel.Warning, "Subscribing to the channel of room {Room} in namespace {Namespace} failed; broadcasts to that room alone do not reach this server.", EventName = "RoomSubscribeFailed")]
        public static partial void RoomSubscribeFailed(ILogger logger, string room, string @namespace, Exception exception);

        [LoggerMessage(25, LogLevel.Debug, "Unsubscribing from a room channel in namespace {Namespace} failed.", EventName = "RoomUnsubscribeFailed")]
        public static partial void RoomUnsubscribeFailed(ILogger logger, string @namespace, Exception exception);
    }
}
