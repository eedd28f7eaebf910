using System.Text.Json.Serialization;
using ScriptService.Jobs;

namespace ScriptService.Realtime;

/// <summary>A job's result, as one server tells the others (<see cref="JobEventDelivery.CompletedEvent"/>).</summary>
internal sealed record JobOutcomeNotice(
    [property: JsonPropertyName("ownerId")] string? OwnerId,
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("result")] JobResult Result);

/// <summary>A job's progress, as one server tells the others (<see cref="JobEventDelivery.ProgressEvent"/>).</summary>
internal sealed record JobProgressNotice(
    [property: JsonPropertyName("ownerId")] string? OwnerId,
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("progress")] JobProgress Progress);
