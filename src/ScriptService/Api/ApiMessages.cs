using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptService.Api;

/// <summary>The answer to an accepted POST.</summary>
internal sealed record JobAccepted(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("status")] string Status);

/// <summary>The answer to <c>GET /api/scripts/{jobId}</c>.</summary>
internal sealed record JobStatus(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("result"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result);
