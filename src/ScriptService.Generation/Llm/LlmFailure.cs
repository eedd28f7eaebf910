using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ScriptService.Generation.Llm;

/// <summary>
/// A failed attempt, classified from the exception the <see cref="Microsoft.Extensions.AI.IChatClient"/> threw. Knows
/// the two shapes HTTP errors take: <see cref="ClientResultException"/> from the OpenAI client (status and raw response
/// headers, so <c>Retry-After</c>) and <see cref="HttpRequestException"/> from plain HttpClient-based clients.
/// </summary>
internal readonly record struct LlmFailure(LlmFailureKind Kind, int Status, TimeSpan? RetryAfter)
{
    public bool IsTransient => Kind is LlmFailureKind.Timeout or LlmFailureKind.Network or LlmFailureKind.TransientStatus;

    /// <summary>A short description for logs: "HTTP 429", "timeout", "network error", "invalid response".</summary>
    public string Describe() => Kind switch
    {
        LlmFailureKind.Timeout => "timeout",
        LlmFailureKind.Network => "network error",
        LlmFailureKind.InvalidResponse => "invalid response",
        _ => string.Create(CultureInfo.InvariantCulture, $"HTTP {Status}"),
    };

    /// <summary>
    /// Classifies <paramref name="exception"/>, thrown by an attempt the caller did not cancel. Returns false for
    /// exceptions that are not about talking to the provider (they propagate unchanged).
    /// </summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="now">The current time, to turn an HTTP-date <c>Retry-After</c> into a delay.</param>
    /// <param name="failure">The classification.</param>
    public static bool TryClassify(Exception exception, DateTimeOffset now, out LlmFailure failure)
    {
        switch (exception)
        {
            case OperationCanceledException or TimeoutException:
                failure = new(LlmFailureKind.Timeout, 0, null);
                return true;

            case ClientResultException { Status: 0 }:
                failure = new(LlmFailureKind.Network, 0, null);
                return true;

            case ClientResultException clientResult:
                var status = clientResult.Status;
                failure = new(
                    IsTransientStatus(status) ? LlmFailureKind.TransientStatus : LlmFailureKind.RejectedStatus,
                    status,
                    GetRetryAfter(clientResult, now));
                return true;

            case HttpRequestException { StatusCode: null }:
                failure = new(LlmFailureKind.Network, 0, null);
                return true;

            case HttpRequestException { StatusCode: HttpStatusCode code }:
                failure = new(IsTransientStatus((int)code) ? LlmFailureKind.TransientStatus : LlmFailureKind.RejectedStatus, (int)code, null);
                return true;

            case IOException:
                failure = new(LlmFailureKind.Network, 0, null);
                return true;

            case JsonException:
                failure = new(LlmFailureKind.InvalidResponse, 0, null);
                return true;

            default:
                failure = default;
                return false;
        }
    }

    public static bool IsTransientStatus(int status) => status is 408 or 429 || status >= 500;

    private static TimeSpan? GetRetryAfter(ClientResultException exception, DateTimeOffset now)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        headers.TryGetValue("retry-after-ms", out var milliseconds);
        headers.TryGetValue("Retry-After", out var retryAfter);
        return ParseRetryAfter(milliseconds, retryAfter, now);
    }

    /// <summary>
    /// Reads the wait a server asked for: <c>retry-after-ms</c> (OpenAI, Azure) wins over <c>Retry-After</c>, which is
    /// either delta-seconds or an HTTP date. Returns null when neither is present and valid; never a negative delay.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMilliseconds, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMilliseconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (long.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds <= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
