using Microsoft.Extensions.Logging;

namespace EngineIo.Transports;

internal sealed partial class WebSocketTransport
{
    private static partial class Log
    {
        [LoggerMessage(5, LogLevel.Debug, "Session {Sid}: the upgrade did not complete in time; closing the probe.", EventName = "UpgradeTimedOut")]
        public static partial void UpgradeTimedOut(ILogger logger, string sid);

        [LoggerMessage(12, LogLevel.Debug, "Session {Sid}: a message of more than {Limit} bytes; closing the session.", EventName = "PayloadTooLarge")]
        public static partial void PayloadTooLarge(ILogger logger, string sid, int limit);
    }
}
