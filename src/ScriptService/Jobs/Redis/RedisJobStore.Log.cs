namespace ScriptService.Jobs.Redis;

internal sealed partial class RedisJobStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Job {JobId} already exists: {Outcome}.", EventName = "JobCreateRefused")]
        public static partial void CreateRefused(ILogger logger, string jobId, JobCreateOutcome outcome);

        [LoggerMessage(2, LogLevel.Warning, "Job {JobId} is {State}; it was not moved to {Target}.", EventName = "JobTransitionIgnored")]
        public static partial void TransitionIgnored(ILogger logger, string jobId, string state, JobState target);

        [LoggerMessage(3, LogLevel.Information, "Job {JobId} was not completed again: it is {State} (another node finished it).", EventName = "JobCompletionIgnored")]
        public static partial void CompletionIgnored(ILogger logger, string jobId, string state);
    }
}
