using Microsoft.Extensions.Logging;

namespace EngineIo.Transports;

internal static partial class PollingTransport
{
    private static partial class Log
    {
        [LoggerMessage(11, LogLevel.Debug, "Session {Sid}: a second GET arrived while one was pending; closing the session.", EventName = "PollOverlap")]
        public static partial void PollOverlap(ILogger logger, string sid);

        /// <remarks>The WebSocket transport's event of the same id closes the session; a polling session lives on.</remarks>
        [LoggerMessage(12, LogLevel.Debug, "Session {Sid}: a POST body of more than {Limit} bytes; refused with 413, the session lives on.", EventName = "PayloadTooLarge")]
        public static partial void PayloadTooLarge(ILogger logger, string sid, int limit);

        [LoggerMessage(14, LogLevel.Debug, "Session {Sid}: a POST body took longer than {Timeout} to arrive; closing the session.", EventName = "RequestBodyTimedOut")]
        public static partial void RequestBodyTimedOut(ILogger logger, string sid, TimeSpan timeout);
    }
}
