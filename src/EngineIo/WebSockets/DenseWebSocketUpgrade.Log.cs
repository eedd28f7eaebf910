using Microsoft.Extensions.Logging;

namespace EngineIo.WebSockets;

internal sealed partial class DenseWebSocketUpgrade
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId}: WebSocket upgrade to {Path} served on the dense path.", EventName = "UpgradeTaken")]
        public static partial void UpgradeTaken(ILogger logger, string connectionId, string path);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId}: the endpoint refused the WebSocket upgrade with {StatusCode}.", EventName = "UpgradeRefused")]
        public static partial void UpgradeRefused(ILogger logger, string connectionId, int statusCode);

        [LoggerMessage(3, LogLevel.Error, "Connection {ConnectionId}: the Engine.IO endpoint failed.", EventName = "EndpointFailed")]
        public static partial void EndpointFailed(ILogger logger, string connectionId, Exception exception);
    }
}
