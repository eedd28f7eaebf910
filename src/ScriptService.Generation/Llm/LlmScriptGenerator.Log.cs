namespace ScriptService.Generation.Llm;

internal sealed partial class LlmScriptGenerator
{
    /// <summary>
    /// The generator's log messages. They carry ids, counts, statuses and timings only: never the API key, and never
    /// the prompt or the answer (user text) at Information or above.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Generating script for job {JobId} with model {Model} (language {Language}, length {Length}, {SourceCount} sources).", EventName = "GenerationStarting")]
        public static partial void GenerationStarting(ILogger logger, string jobId, string? model, string language, ScriptLength length, int sourceCount);

        [LoggerMessage(2, LogLevel.Warning, "Language model attempt {Attempt} of {MaxAttempts} for job {JobId} failed ({Failure}); retrying in {DelayMs} ms.", EventName = "RetryingAfterFailure")]
        public static partial void RetryingAfterFailure(ILogger logger, string jobId, int attempt, int maxAttempts, string failure, long delayMs);

        [LoggerMessage(3, LogLevel.Error, "Language model request for job {JobId} failed after {Attempts} attempts ({Failure}).", EventName = "RetriesExhausted")]
        public static partial void RetriesExhausted(ILogger logger, string jobId, int attempts, string failure, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Language model request for job {JobId} asked to wait {RetryAfterMs} ms ({Failure}), longer than the maximum backoff; giving up.", EventName = "RetryAfterTooLong")]
        public static partial void RetryAfterTooLong(ILogger logger, string jobId, string failure, long retryAfterMs, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "Language model request for job {JobId} failed ({Failure}); not retried.", EventName = "RequestFailed")]
        public static partial void RequestFailed(ILogger logger, string jobId, string failure, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "Language model answer for job {JobId} could not be read as a script ({Characters} characters, finish reason {FinishReason}).", EventName = "AnswerUnreadable")]
        public static partial void AnswerUnreadable(ILogger logger, string jobId, int characters, string? finishReason);

        [LoggerMessage(7, LogLevel.Information, "Generated script for job {JobId} in {ElapsedMs} ms after {Attempts} attempt(s) ({InputTokens} input, {OutputTokens} output tokens).", EventName = "GenerationCompleted")]
        public static partial void GenerationCompleted(ILogger logger, string jobId, long elapsedMs, int attempts, long? inputTokens, long? outputTokens);
    }
}
