using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ScriptService.Generation.Llm;

/// <summary>
/// Generates a script by asking a chat model (any <see cref="IChatClient"/>; in production the OpenAI-compatible one
/// from <see cref="LlmChatClientFactory"/>) for a JSON object with the title, description and script.
/// </summary>
/// <remarks>
/// <para>Progress: <c>prompt</c> 10, <c>model</c> 30 (asking) and 80 (answered), <c>parse</c> 90, <c>done</c> 100.</para>
/// <para>
/// Transient failures (HTTP 408/429/5xx, network errors, an attempt exceeding
/// <see cref="LlmGeneratorOptions.RequestTimeout"/>) are retried up to <see cref="LlmGeneratorOptions.MaxRetries"/>
/// times, waiting <c>Retry-After</c> when the provider sends it and an exponential backoff otherwise; every wait and
/// timeout runs on the injected <see cref="TimeProvider"/>. The chat client must not retry by itself.
/// </para>
/// <para>
/// Every failure but cancellation ends in a <see cref="ScriptGenerationException"/> whose message is safe to show: it
/// names the HTTP status at most, never the provider's text, the prompt or the key. Cancellation by the caller's token
/// throws <see cref="OperationCanceledException"/> for that token. Safe to call concurrently.
/// </para>
/// </remarks>
internal sealed partial class LlmScriptGenerator : IScriptGenerator
{
    /// <summary>The message shown when the model's answer is not the JSON object asked for.</summary>
    public const string UnreadableAnswerMessage = "The language model returned an answer that could not be read.";

    /// <summary>The most a backoff is stretched by jitter (20%), so concurrent jobs do not retry in lockstep.</summary>
    private const double MaxJitter = 0.2;

    /// <summary>The model, used for every call.</summary>
    private readonly IChatClient _chatClient;

    /// <summary>A snapshot of the options taken at construction.</summary>
    private readonly LlmGeneratorOptions _options;

    private readonly ILogger<LlmScriptGenerator> _logger;

    /// <summary>The clock for request timeouts, backoff delays and elapsed times.</summary>
    private readonly TimeProvider _timeProvider;

    public LlmScriptGenerator(IChatClient chatClient, IOptions<LlmGeneratorOptions> options, ILogger<LlmScriptGenerator> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var value = options.Value;
        ArgumentOutOfRangeException.ThrowIfNegative(value.MaxRetries, "options.MaxRetries");
        ArgumentOutOfRangeException.ThrowIfLessThan(value.InitialBackoff, TimeSpan.Zero, "options.InitialBackoff");
        ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxBackoff, TimeSpan.Zero, "options.MaxBackoff");
        if (value.RequestTimeout <= TimeSpan.Zero && value.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException("options.RequestTimeout", value.RequestTimeout, "The request timeout must be positive or infinite.");
        }

        _chatClient = chatClient;
        _options = value;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public async Task<GeneratedScript> GenerateAsync(ScriptRequest request, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        cancellationToken.ThrowIfCancellationRequested();

        var started = _timeProvider.GetTimestamp();
        progress.Report(new("prompt", 10));
        var messages = LlmPrompt.Create(request);
        var chatOptions = CreateChatOptions();
        Log.GenerationStarting(_logger, request.JobId, _options.Model, request.Language, request.Length, request.Sources.Count);

        progress.Report(new("model", 30));
        var (response, attempts) = await GetResponseAsync(request.JobId, messages, chatOptions, cancellationToken);
        progress.Report(new("model", 80));

        progress.Report(new("parse", 90));
        var text = response.Text;
        if (!LlmAnswerParser.TryParse(text, out var answer))
        {
            Log.AnswerUnreadable(_logger, request.JobId, text?.Length ?? 0, response.FinishReason?.Value);
            throw new ScriptGenerationException(UnreadableAnswerMessage);
        }

        var script = new GeneratedScript(
            string.IsNullOrEmpty(answer.Title) ? request.Topic.Trim() : answer.Title,
            answer.Description ?? string.Empty,
            answer.Script!);

        Log.GenerationCompleted(
            _logger,
            request.JobId,
            (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds,
            attempts,
            response.Usage?.InputTokenCount,
            response.Usage?.OutputTokenCount);
        progress.Report(new("done", 100));
        return script;
    }

    private ChatOptions CreateChatOptions() => new()
    {
        ModelId = _options.Model,
        Temperature = _options.Temperature,
        MaxOutputTokens = _options.MaxOutputTokens,
        ResponseFormat = _options.UseJsonResponseFormat ? ChatResponseFormat.Json : null,
    };

    /// <summary>Calls the model until an attempt succeeds, a failure is not transient, or the retries are spent.</summary>
    private async Task<(ChatResponse Response, int Attempts)> GetResponseAsync(
        string jobId, List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        var maxAttempts = _options.MaxRetries + 1;
        for (var attempt = 1; ; attempt++)
        {
            LlmFailure failure;
            Exception error;
            using (var attemptCts = CreateAttemptTokenSource(cancellationToken, out var registration))
            using (registration)
            {
                try
                {
                    var response = await _chatClient.GetResponseAsync(messages, chatOptions, attemptCts?.Token ?? cancellationToken);
                    return (response, attempt);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                {
                    // Whatever shape the abort took (OperationCanceledException for the attempt's token, a reset
                    // connection), the caller cancelled: report it as cancellation of the caller's token.
                    throw new OperationCanceledException(message: null, ex, cancellationToken);
                }
                catch (Exception ex) when (LlmFailure.TryClassify(ex, _timeProvider.GetUtcNow(), out failure))
                {
                    error = ex;
                }
            }

            if (!failure.IsTransient)
            {
                Log.RequestFailed(_logger, jobId, failure.Describe(), error);
                throw new ScriptGenerationException(GetRejectedMessage(failure), error);
            }

            if (attempt >= maxAttempts)
            {
                Log.RetriesExhausted(_logger, jobId, attempt, failure.Describe(), error);
                throw new ScriptGenerationException(GetExhaustedMessage(failure, attempt), error);
            }

            TimeSpan delay;
            if (failure.RetryAfter is { } retryAfter)
            {
                if (retryAfter > _options.MaxBackoff)
                {
                    Log.RetryAfterTooLong(_logger, jobId, failure.Describe(), (long)retryAfter.TotalMilliseconds, error);
                    throw new ScriptGenerationException(GetExhaustedMessage(failure, attempt), error);
                }

                delay = retryAfter;
            }
            else
            {
                delay = ComputeBackoff(_options.InitialBackoff, _options.MaxBackoff, attempt, Random.Shared.NextDouble());
            }

            Log.RetryingAfterFailure(_logger, jobId, attempt, maxAttempts, failure.Describe(), (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// A token for one attempt: cancelled by the caller's token or after <see cref="LlmGeneratorOptions.RequestTimeout"/>
    /// on the injected clock. Null (use the caller's token) when there is no request timeout.
    /// </summary>
    private CancellationTokenSource? CreateAttemptTokenSource(CancellationToken cancellationToken, out CancellationTokenRegistration registration)
    {
        registration = default;
        if (_options.RequestTimeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        var cts = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cts);
        return cts;
    }

    /// <summary>
    /// The wait before retry number <paramref name="failedAttempt"/>: <c>initial × 2^(failedAttempt-1)</c>, stretched by
    /// up to <see cref="MaxJitter"/> (<paramref name="jitter"/> in [0, 1)), capped at <paramref name="max"/>.
    /// </summary>
    internal static TimeSpan ComputeBackoff(TimeSpan initial, TimeSpan max, int failedAttempt, double jitter)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30)) * (1 + (MaxJitter * jitter));
        var ticks = initial.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    private static string GetRejectedMessage(LlmFailure failure) => failure.Kind switch
    {
        LlmFailureKind.InvalidResponse => "The language model service returned a response that could not be read.",
        _ => failure.Status switch
        {
            401 => "The language model service refused the API key (HTTP 401).",
            403 => "The language model service denied access (HTTP 403).",
            _ => string.Create(CultureInfo.InvariantCulture, $"The language model service rejected the request (HTTP {failure.Status})."),
        },
    };

    private static string GetExhaustedMessage(LlmFailure failure, int attempts)
    {
        var what = failure.Kind switch
        {
            LlmFailureKind.Timeout => "The language model service did not answer in time",
            LlmFailureKind.Network => "The language model service could not be reached",
            _ when failure.Status == 429 => "The language model service is busy (HTTP 429)",
            _ => string.Create(CultureInfo.InvariantCulture, $"The language model service is unavailable (HTTP {failure.Status})"),
        };
        return attempts == 1
            ? what + "."
            : string.Create(CultureInfo.InvariantCulture, $"{what}; gave up after {attempts} attempts.");
    }
}
