namespace ScriptService.Jobs.Redis;

internal sealed partial class RedisJobQueue
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Job {JobId} (entry {EntryId}) was taken over from a node that stopped renewing it.", EventName = "JobTakenOver")]
        public static partial void TakenOver(ILogger logger, string jobId, string entryId);

        [LoggerMessage(2, LogLevel.Warning, "Job {JobId} (entry {EntryId}) was taken over by another node while this one ran it; the first to finish stores the outcome.", EventName = "JobClaimLost")]
        public static partial void ClaimLost(ILogger logger, string jobId, string entryId);

        [LoggerMessage(3, LogLevel.Information, "Job {JobId} was handed back to the other nodes unfinished.", EventName = "JobHandedBack")]
        public static partial void HandedBack(ILogger logger, string jobId);

        [LoggerMessage(4, LogLevel.Warning, "Queue entry {EntryId} names no job; it was deleted.", EventName = "QueueEntryUnreadable")]
        public static partial void EntryUnreadable(ILogger logger, string entryId);

        [LoggerMessage(5, LogLevel.Information, "Created the consumer group {Group} of the job queue {Queue}.", EventName = "QueueGroupCreated")]
        public static partial void GroupCreated(ILogger logger, string queue, string group);

        [LoggerMessage(6, LogLevel.Error, "The job queue in Redis is failing ({Operation}: {Message}); workers back off and try again.", EventName = "QueueFailing")]
        public static partial void QueueFailing(ILogger logger, string operation, string message);

        [LoggerMessage(7, LogLevel.Information, "The job queue in Redis works again.", EventName = "QueueRecovered")]
        public static partial void QueueRecovered(ILogger logger);
    }
}
