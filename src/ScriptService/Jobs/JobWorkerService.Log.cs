namespace ScriptService.Jobs;

internal sealed partial class JobWorkerService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "Worker {Worker} stopped unexpectedly; a new worker replaces it in {Delay}.", EventName = "WorkerDied")]
        public static partial void WorkerDied(ILogger logger, int worker, TimeSpan delay, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Worker {Worker}: running job {JobId} failed unexpectedly; the job stays unfinished in the store (it runs again at the next start, or on the node that takes it over) and the worker takes the next one.", EventName = "JobRunFailed")]
        public static partial void JobRunFailed(ILogger logger, int worker, string jobId, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Worker {Worker}: job {JobId} is stored, but the queue could not be told; it may be taken again, found finished and dropped.", EventName = "CompleteFailed")]
        public static partial void CompleteFailed(ILogger logger, int worker, string jobId, Exception exception);
    }
}
