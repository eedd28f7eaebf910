using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Assertions on the contract's shapes: <c>scriptResult</c>, acks, and problem+json answers.</summary>
internal static partial class Expect
{
    /// <summary>A successful <c>scriptResult</c> of the job: status 201, data with the topic, error null, UTC timestamp.</summary>
    public static void Succeeded(JsonElement result, string jobId, string topic)
    {
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        Assert.Equal(jobId, result.GetProperty("job_id").GetString());
        Assert.Equal(201, result.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        IsoUtc(result.GetProperty("timestamp").GetString());

        var data = result.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("scriptId").GetString()), "data.scriptId is empty");
        Assert.Equal(topic, data.GetProperty("topic").GetString());
        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("title").GetString()), "data.title is empty");
        Assert.Equal(JsonValueKind.String, data.GetProperty("description").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("script").GetString()), "data.script is empty");
        Assert.Equal("completed", data.GetProperty("status").GetString());
    }

    /// <summary>A failed <c>scriptResult</c>: status 500, data null, an error message safe to show; returns the message.</summary>
    public static string Failed(JsonElement result, string jobId)
    {
        Assert.Equal(jobId, result.GetProperty("job_id").GetString());
        Assert.Equal(500, result.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("data").ValueKind);
        IsoUtc(result.GetProperty("timestamp").GetString());
        var error = result.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error), "error is empty");
        SafeMessage(error!);
        return error!;
    }

    /// <summary>A message for clients: no stack trace, exception type, provider text or key.</summary>
    public static void SafeMessage(string message)
    {
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("provider internal detail", message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-service-tests", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", message, StringComparison.Ordinal);
    }

    public static void IsoUtc(string? timestamp)
    {
        Assert.NotNull(timestamp);
        Assert.Matches(IsoUtcPattern(), timestamp);
        Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).Offset);
    }

    /// <summary>A register/unregister success ack: <c>{status:"success", jobId}</c>.</summary>
    public static void AckSuccess(JsonElement ack, string jobId)
    {
        Assert.True(ack.ValueKind == JsonValueKind.Object, $"ack is not an object: {ack}");
        Assert.True(ack.GetProperty("status").GetString() == "success", $"expected a success ack for '{jobId}', got {ack}");
        Assert.Equal(jobId, ack.GetProperty("jobId").GetString());
    }

    /// <summary>An error ack: <c>{status:"error", message}</c> with a message; returns the message.</summary>
    public static string AckError(JsonElement ack)
    {
        Assert.True(ack.ValueKind == JsonValueKind.Object, $"ack is not an object: {ack}");
        Assert.True(ack.GetProperty("status").GetString() == "error", $"expected an error ack, got {ack}");
        var message = ack.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"the error ack has no message: {ack}");
        return message!;
    }

    /// <summary>A problem+json answer with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()), $"the problem has no title: {text}");
        return body;
    }

    /// <summary>A 400 validation problem listing <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(body.TryGetProperty("errors", out var errors), $"the problem has no field errors: {body}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.True(messages.GetArrayLength() > 0 && !string.IsNullOrWhiteSpace(messages[0].GetString()), $"empty error for '{field}': {errors}");
        return body;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex IsoUtcPattern();
}
