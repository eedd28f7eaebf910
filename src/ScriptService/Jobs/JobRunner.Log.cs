namespace ScriptService.Jobs;

internal sealed partial class JobRunner
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Job {JobId} was interrupted by shutdown; it resumes at the next start.", EventName = "JobInterrupted")]
        public static partial void JobInterrupted(ILogger logger, string jobId);

        [LoggerMessage(2, LogLevel.Warning, "Job {JobId} cannot be resumed: its stored request is unreadable.", EventName = "JobUnreadable")]
        public static partial void JobUnreadable(ILogger logger, string jobId);

        [LoggerMessage(3, LogLevel.Error, "Job {JobId} failed unexpectedly.", EventName = "JobCrashed")]
        public static partial void JobCrashed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(4, LogLevel.Information, "Job {JobId} finished with status {Status} in {Milliseconds} ms.", EventName = "JobFinished")]
        public static partial void JobFinished(ILogger logger, string jobId, int status, long milliseconds);

        [LoggerMessage(5, LogLevel.Warning, "Job {JobId}: its result is stored, but sending it failed; a client that registers again gets it by replay.", EventName = "DeliveryFailed")]
        public static partial void DeliveryFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "Job {JobId} had been finished elsewhere (it was taken over from this node); this run's outcome is dropped.", EventName = "OutcomeDropped")]
        public static partial void OutcomeDropped(ILogger logger, string jobId);
    }
}
