using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

internal sealed partial class RedisJobConnection
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Redis at {EndPoint} is unreachable ({FailureType}: {Message}); POSTs answer 503, readiness fails and workers wait until it returns.", EventName = "RedisConnectionFailed")]
        public static partial void ConnectionFailed(ILogger logger, string endPoint, ConnectionFailureType failureType, string? message);

        [LoggerMessage(2, LogLevel.Information, "Redis at {EndPoint} is reachable again.", EventName = "RedisConnectionRestored")]
        public static partial void ConnectionRestored(ILogger logger, string endPoint);

        [LoggerMessage(3, LogLevel.Warning, "Redis ({Configuration}) could not be reached at start; the service keeps trying in the background.", EventName = "RedisNotConnectedAtStart")]
        public static partial void NotConnectedAtStart(ILogger logger, string configuration);
    }
}
