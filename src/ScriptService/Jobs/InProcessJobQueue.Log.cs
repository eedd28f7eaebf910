namespace ScriptService.Jobs;

internal sealed partial class InProcessJobQueue
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Resuming {Count} unfinished jobs.", EventName = "JobsResumed")]
        public static partial void JobsResumed(ILogger logger, int count);
    }
}
