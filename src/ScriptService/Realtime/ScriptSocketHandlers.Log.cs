namespace ScriptService.Realtime;

internal sealed partial class ScriptSocketHandlers
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Socket {SocketId} registered for job {JobId}.", EventName = "Registered")]
        public static partial void Registered(ILogger logger, string socketId, string jobId);

        [LoggerMessage(2, LogLevel.Debug, "Socket {SocketId} was recovered with its registrations.", EventName = "Recovered")]
        public static partial void Recovered(ILogger logger, string socketId);

        [LoggerMessage(3, LogLevel.Warning, "Socket {SocketId} registered for job {JobId}, but the job store could not be read to replay its result ({Message}); registering again replays it.", EventName = "ReplayUnavailable")]
        public static partial void ReplayUnavailable(ILogger logger, string socketId, string jobId, string message);
    }
}
