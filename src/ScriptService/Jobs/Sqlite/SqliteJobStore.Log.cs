namespace ScriptService.Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Job store opened at {Path}: schema version {Version} (found {FoundVersion}).", EventName = "JobStoreOpened")]
        public static partial void Opened(ILogger logger, string path, int version, int foundVersion);

        [LoggerMessage(2, LogLevel.Debug, "Job {JobId} already exists: {Outcome}.", EventName = "JobCreateRefused")]
        public static partial void CreateRefused(ILogger logger, string jobId, JobCreateOutcome outcome);

        [LoggerMessage(3, LogLevel.Warning, "Job {JobId} is already {State}; it was not moved to {Target}.", EventName = "JobTransitionIgnored")]
        public static partial void TransitionIgnored(ILogger logger, string jobId, JobState state, JobState target);

        [LoggerMessage(4, LogLevel.Error, "The job store at {Path} cannot write (SQLite error {ErrorCode}); jobs wait and their writes are retried, and readiness fails until a write succeeds.", EventName = "JobStoreWritesFailing")]
        public static partial void WritesFailing(ILogger logger, string path, int errorCode, Exception exception);

        [LoggerMessage(5, LogLevel.Information, "The job store at {Path} writes again.", EventName = "JobStoreWritesResumed")]
        public static partial void WritesResumed(ILogger logger, string path);

        [LoggerMessage(6, LogLevel.Information, "The job store committed {Writes} writes in {Batches} transactions (mean {MeanBatch:F1} writes each, largest {LargestBatch}); {SkippedMarks} running marks were not written, as their job's outcome followed in the same transaction.", EventName = "JobStoreBatches")]
        public static partial void BatchSummary(ILogger logger, long writes, long batches, double meanBatch, int largestBatch, long skippedMarks);
    }
}
