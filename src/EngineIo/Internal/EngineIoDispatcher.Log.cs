using Microsoft.Extensions.Logging;

namespace EngineIo.Internal;

internal sealed partial class EngineIoDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(3, LogLevel.Debug, "Refused request: {Error} ({Method} transport={Transport}).", EventName = "RequestRefused")]
        public static partial void RequestRefused(ILogger logger, string error, string method, string? transport);
    }
}
