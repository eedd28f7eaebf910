
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

    [LoggerMessage(10, LogLevel.Warning, "Job {JobId}: its result is stored, but sending it failed; a client that registers again gets it by replay.", EventName = "DeliveryFailed")]
    public static partial void DeliveryFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Worker {Worker}: running job {JobId} failed unexpectedly; the job stays unfinished in the store (it resumes at the next start) and the worker takes the next one.", EventName = "JobRunFailed")]
    public static partial void JobRunFailed(ILogger logger, int worker, string jobId, Exception exception);

    [LoggerMessage(12, LogLevel.Critical, "Worker {Worker} stopped unexpectedly; a new worker replaces it in {Delay}.", EventName = "WorkerDied")]
    public static partial void WorkerDied(ILogger logger, int worker, TimeSpan delay, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "POST refused with 503: the job store cannot write ({Message}).", EventName = "PostStoreUnavailable")]
    public static partial void PostStoreUnavailable(ILogger logger, string message);

    [LoggerMessage(14, LogLevel.Debug, "POST refused with {Status}: its body could not be read ({Message}).", EventName = "BodyUnreadable")]
    public static partial void BodyUnreadable(ILogger logger, int status, string message);
}
