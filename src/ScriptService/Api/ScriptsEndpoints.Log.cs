namespace ScriptService.Api;

internal static partial class ScriptsEndpoints
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "POST refused with {Status}: its body could not be read ({Message}).", EventName = "BodyUnreadable")]
        public static partial void BodyUnreadable(ILogger logger, int status, string message);

        [LoggerMessage(2, LogLevel.Debug, "POST refused with 503: the job store cannot write ({Message}).", EventName = "PostStoreUnavailable")]
        public static partial void PostStoreUnavailable(ILogger logger, string message);

        [LoggerMessage(3, LogLevel.Information, "Job {JobId} accepted.", EventName = "JobAccepted")]
        public static partial void JobAccepted(ILogger logger, string jobId);
    }
}
