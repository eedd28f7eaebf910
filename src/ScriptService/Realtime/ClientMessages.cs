using System.Globalization;
using System.Text.Json.Serialization;
using ScriptService.Jobs;

namespace ScriptService.Realtime;

/// <summary><c>connection_ack</c>: <c>{status:"success", socketId}</c> or <c>{status:"error", message}</c>.</summary>
internal sealed record ConnectionAck(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("socketId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SocketId,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);

/// <summary>The ack of <c>register</c>/<c>unregister</c>: <c>{status:"success", jobId}</c> or <c>{status:"error", message}</c>.</summary>
internal sealed record RegistrationAck(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("jobId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JobId,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message)
{
    public static RegistrationAck Success(string jobId) => new("success", jobId, null);

    public static RegistrationAck Error(string message) => new("error", null, message);
}

/// <summary>The <c>data</c> of a successful <c>scriptResult</c>.</summary>
internal sealed record ScriptResultData(
    [property: JsonPropertyName("scriptId")] string ScriptId,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("script")] ScriptText Script,
    [property: JsonPropertyName("status")] string Status);

/// <summary><c>scriptResult</c>: <c>{job_id, status: 201|500, data, error, timestamp}</c>, as the client guide fixes it.</summary>
internal sealed record ScriptResultMessage(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("data")] ScriptResultData? Data,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("timestamp")] string Timestamp)
{
    /// <summary>The payload of a job's stored result; GET <c>/api/scripts/{jobId}</c> shows the same as its <c>result</c>.</summary>
    public static ScriptResultMessage From(string jobId, JobResult result) => new(
        jobId,
        result.Succeeded ? 201 : 500,
        result.Script is { } script ? new ScriptResultData(script.ScriptId, script.Topic, script.Title, script.Description, script.Text, "completed") : null,
        result.Error,
        FormatTime(result.CompletedAt));

    /// <summary>The contract's timestamps: ISO 8601 in UTC with seven fraction digits and a <c>Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary><c>scriptProgress</c>: <c>{job_id, stage, progress, timestamp}</c> while a job runs.</summary>
internal sealed record ScriptProgressMessage(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("progress")] int Progress,
    [property: JsonPropertyName("timestamp")] string Timestamp)
{
    public static ScriptProgressMessage From(string jobId, JobProgress progress) =>
        new(jobId, progress.Stage, progress.Percent, ScriptResultMessage.FormatTime(progress.At));
}

[JsonSerializable(typeof(ConnectionAck))]
[JsonSerializable(typeof(RegistrationAck))]
[JsonSerializable(typeof(ScriptResultMessage))]
[JsonSerializable(typeof(ScriptProgressMessage))]
[JsonSerializable(typeof(JobOutcomeNotice))]
[JsonSerializable(typeof(JobProgressNotice))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class RealtimeJsonContext : JsonSerializerContext;
