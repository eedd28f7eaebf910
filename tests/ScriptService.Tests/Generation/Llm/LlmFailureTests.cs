using System.Net;
using System.Text.Json;
using ScriptService.Generation.Llm;

namespace ScriptService.Tests.Generation.Llm;

public sealed class LlmFailureTests
{
    private static readonly DateTimeOffset _now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2", 2_000.0)]
    [InlineData(null, "0", 0.0)]
    [InlineData("1500", "2", 1_500.0)]
    [InlineData("250.5", null, 250.5)]
    [InlineData(null, "Wed, 01 Jan 2025 12:00:30 GMT", 30_000.0)]
    [InlineData(null, "Wed, 01 Jan 2025 11:59:00 GMT", 0.0)]
    [InlineData("soon", "3", 3_000.0)]
    public void ParseRetryAfter_ValidHeader_ReturnsDelay(string? milliseconds, string? retryAfter, double expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), LlmFailure.ParseRetryAfter(milliseconds, retryAfter, _now));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "")]
    [InlineData(null, "-1")]
    [InlineData(null, "soon")]
    [InlineData("-5", "later")]
    public void ParseRetryAfter_MissingOrInvalid_ReturnsNull(string? milliseconds, string? retryAfter)
    {
        Assert.Null(LlmFailure.ParseRetryAfter(milliseconds, retryAfter, _now));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void IsTransientStatus_Status_ClassifiesRetryable(int status, bool transient)
    {
        Assert.Equal(transient, LlmFailure.IsTransientStatus(status));
    }

    [Fact]
    public void TryClassify_ExceptionsFromHttpClients_Classified()
    {
        Assert.True(LlmFailure.TryClassify(new HttpRequestException("refused"), _now, out var network));
        Assert.Equal(LlmFailureKind.Network, network.Kind);

        Assert.True(LlmFailure.TryClassify(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests), _now, out var busy));
        Assert.Equal((LlmFailureKind.TransientStatus, 429), (busy.Kind, busy.Status));

        Assert.True(LlmFailure.TryClassify(new HttpRequestException("no", null, HttpStatusCode.Unauthorized), _now, out var rejected));
        Assert.Equal((LlmFailureKind.RejectedStatus, 401), (rejected.Kind, rejected.Status));
        Assert.False(rejected.IsTransient);

        Assert.True(LlmFailure.TryClassify(new TaskCanceledException(), _now, out var timeout));
        Assert.Equal(LlmFailureKind.Timeout, timeout.Kind);
        Assert.True(timeout.IsTransient);

        Assert.True(LlmFailure.TryClassify(new JsonException(), _now, out var invalid));
        Assert.Equal(LlmFailureKind.InvalidResponse, invalid.Kind);
        Assert.False(invalid.IsTransient);

        Assert.False(LlmFailure.TryClassify(new InvalidOperationException(), _now, out _));
    }

    [Theory]
    [InlineData(1, 0.0, 1_000)]
    [InlineData(2, 0.0, 2_000)]
    [InlineData(3, 0.0, 4_000)]
    [InlineData(3, 0.5, 4_400)]
    [InlineData(4, 0.0, 8_000)]
    [InlineData(6, 0.0, 30_000)]
    [InlineData(60, 0.99, 30_000)]
    public void ComputeBackoff_FailedAttempt_DoublesWithJitterUpToMax(int failedAttempt, double jitter, int expectedMilliseconds)
    {
        var delay = LlmScriptGenerator.ComputeBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), failedAttempt, jitter);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }
}
