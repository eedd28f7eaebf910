namespace ScriptService.Jobs;

internal sealed partial class StoreRetry
{
    private static partial class Log
    {
        // The store logs the failure itself, with its exception, once per outage: here only what it means for the job.
        [LoggerMessage(1, LogLevel.Warning, "Job {JobId}: {What} failed; the job waits and it is tried again in {Delay}, then with a growing delay: {Message}", EventName = "JobStoreOperationFailed")]
        public static partial void Failed(ILogger logger, string jobId, string what, TimeSpan delay, string message);

        [LoggerMessage(2, LogLevel.Debug, "Job {JobId}: {What} failed again (try {Attempt}); next try in {Delay}: {Message}", EventName = "JobStoreOperationFailedAgain")]
        public static partial void FailedAgain(ILogger logger, string jobId, string what, int attempt, TimeSpan delay, string message);

        [LoggerMessage(3, LogLevel.Information, "Job {JobId}: {What} succeeded at try {Attempt}; the job goes on.", EventName = "JobStoreOperationRecovered")]
        public static partial void Recovered(ILogger logger, string jobId, string what, int attempt);
    }
}
