using Microsoft.Extensions.Logging;

namespace EngineIo.WebSockets;

internal sealed partial class DenseWebSocketMiddleware
{
    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId}: no whole request head in time (head started: {HeadStarted}); closing it.", EventName = "HeadTimedOut")]
        public static partial void HeadTimedOut(ILogger logger, string connectionId, bool headStarted);
    }
}
