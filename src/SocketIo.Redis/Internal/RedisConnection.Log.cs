using Microsoft.Extensions.Logging;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisConnection
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The Redis connection to {EndPoint} ({ConnectionType}) failed: {FailureType}. It is retried with backoff; messages published meanwhile are dropped.", EventName = "ConnectionFailed")]
        public static partial void ConnectionFailed(ILogger logger, string? endPoint, string connectionType, string failureType, Exception? exception);

        [LoggerMessage(2, LogLevel.Information, "The Redis connection to {EndPoint} ({ConnectionType}) is restored; subscriptions are renewed.", EventName = "ConnectionRestored")]
        public static partial void ConnectionRestored(ILogger logger, string? endPoint, string connectionType);

        [LoggerMessage(3, LogLevel.Debug, "A message to {Channel} was dropped: {Reason}.", EventName = "MessageDropped")]
        public static partial void MessageDropped(ILogger logger, string channel, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Publishing to {Channel} failed.", EventName = "PublishFailed")]
        public static partial void PublishFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Counting the subscribers of {Channel} failed; answering for this server alone.", EventName = "CountFailed")]
        public static partial void CountFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "The Redis subscriptions are renewed after a loss of the connection; messages published meanwhile may have been lost.", EventName = "SubscriptionsRestored")]
        public static partial void SubscriptionsRestored(ILogger logger);

        [LoggerMessage(7, LogLevel.Debug, "The renewed Redis subscriptions are not confirmed yet: {Reason}. Retried.", EventName = "SubscriptionsUnconfirmed")]
        public static partial void SubscriptionsUnconfirmed(ILogger logger, string reason);

        [LoggerMessage(8, LogLevel.Error, "A handler of the restored subscriptions failed.", EventName = "RestoredHandlerFailed")]
        public static partial void RestoredHandlerFailed(ILogger logger, Exception exception);
    }
}
