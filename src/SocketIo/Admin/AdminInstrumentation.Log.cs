using Microsoft.Extensions.Logging;

namespace SocketIo.Admin;

internal sealed partial class AdminInstrumentation
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The admin dashboard's statistics could not be sent.", EventName = "AdminStatsFailed")]
        public static partial void StatsFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "The admin dashboard's event '{EventName}' could not be sent.", EventName = "AdminEmitFailed")]
        public static partial void EmitFailed(ILogger logger, string eventName, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "The other servers' sockets could not be listed for the admin dashboard.", EventName = "AdminRemoteSocketsFailed")]
        public static partial void RemoteSocketsFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "The admin dashboard's command '{Command}' was ignored: {Reason}.", EventName = "AdminCommandIgnored")]
        public static partial void CommandIgnored(ILogger logger, string command, string reason);

        [LoggerMessage(5, LogLevel.Information, "Admin dashboard command '{Command}' on namespace {Namespace} (room filter '{Filter}').", EventName = "AdminCommand")]
        public static partial void Command(ILogger logger, string command, string @namespace, string? filter);
    }
}
