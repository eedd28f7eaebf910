using System.Text.Json.Serialization;

namespace ScriptService.Jobs;

/// <summary>
/// A finished job's outcome, as the store keeps it: the script, or the failure a client may be shown. Not a socket
/// message: Realtime and the API build their payloads from it.
/// </summary>
/// <param name="Script">The script when the job succeeded; null when it failed.</param>
/// <param name="Error">Why the job failed, safe to show to the client; null when it succeeded.</param>
/// <param name="CompletedAt">When the outcome was reached (the payloads' <c>timestamp</c>).</param>
internal sealed record JobResult(
    [property: JsonPropertyName("script")] JobScript? Script,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("completedAt")] DateTimeOffset CompletedAt)
{
    public bool Succeeded => Script is not null;
}
