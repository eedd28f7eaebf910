
namespace ScriptService.Diagnostics;

/// <summary>The service's log messages. Tokens, keys and request bodies are never logged.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(1, LogLevel.Information, "Job {JobId} accepted.", EventName = "JobAccepted")]
    public static partial void JobAccepted(ILogger logger, string jobId);

    [LoggerMessage(2, LogLevel.Information, "Job {JobId} finished with status {Status} in {Milliseconds} ms.", EventName = "JobFinished")]
    public static partial void JobFinished(ILogger logger, string jobId, int status, long milliseconds);

    [LoggerMessage(3, LogLevel.Error, "Job {JobId} failed unexpectedly.", EventName = "JobCrashed")]
    public static partial void JobCrashed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Job {JobId} was interrupted by shutdown; it resumes at the next start.", EventName = "JobInterrupted")]
    public static partial void JobInterrupted(ILogger logger, string jobId);

    [LoggerMessage(5, LogLevel.Information, "Resuming {Count} unfinished jobs.", EventName = "JobsResumed")]
    public static partial void JobsResumed(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "Job {JobId} cannot be resumed: its stored request is unreadable.", EventName = "JobUnreadable")]
    public static partial void JobUnreadable(ILogger logger, string jobId);

    [LoggerMessage(7, LogLevel.Debug, "Socket {SocketId} registered for job {JobId}.", EventName = "Registered")]
    public static partial void Registered(ILogger logger, string socketId, string jobId);

    [LoggerMessage(8, LogLevel.Information, "At most {Limit} connections at once (descriptor limit {DescriptorLimit}, {Reserve} kept in reserve).", EventName = "ConnectionCapSet")]
    public static partial void ConnectionCapSet(ILogger logger, int limit, long descriptorLimit, int reserve);

    [LoggerMessage(9, LogLevel.Warning, "Refused {Count} connections: {Open} of at most {Limit} are open. Further refusals are counted and logged every 10 s.", EventName = "ConnectionsRefused")]
    public static partial void ConnectionsRefused(ILogger logger, int count, int limit, int open);
}
