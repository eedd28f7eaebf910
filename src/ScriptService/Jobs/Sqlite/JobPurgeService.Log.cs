namespace ScriptService.Jobs.Sqlite;

internal sealed partial class JobPurgeService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Purged {Count} finished jobs last updated before {OlderThan:O}.", EventName = "JobsPurged")]
        public static partial void Purged(ILogger logger, int count, DateTimeOffset olderThan);

        [LoggerMessage(2, LogLevel.Error, "Purging finished jobs last updated before {OlderThan:O} failed; retrying at the next interval.", EventName = "JobPurgeFailed")]
        public static partial void PurgeFailed(ILogger logger, DateTimeOffset olderThan, Exception exception);
    }
}
