using Microsoft.Extensions.Logging;

namespace EngineIo.Internal;

internal sealed partial class EngineIoServer
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session {Sid} opened over {Transport}.", EventName = "SessionOpened")]
        public static partial void SessionOpened(ILogger logger, string sid, string transport);

        [LoggerMessage(2, LogLevel.Debug, "Session {Sid} closed: {Reason}.", EventName = "SessionClosed")]
        public static partial void SessionClosed(ILogger logger, string sid, string reason);

        [LoggerMessage(13, LogLevel.Information, "Closing {Count} Engine.IO sessions: the host is stopping.", EventName = "ShuttingDown")]
        public static partial void ShuttingDown(ILogger logger, int count);
    }
}
