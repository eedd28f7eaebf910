using System.Text.Json.Nodes;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Job ids and <c>POST /api/scripts</c> bodies, as the client guide sends them.</summary>
internal static class Scripts
{
    public static string NewJobId(string prefix = "job") => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>The guide's body; <paramref name="topic"/> tells results apart.</summary>
    public static JsonObject Body(string? jobId, string topic = "Solar power for households", string language = "en", string length = "short")
    {
        var body = new JsonObject
        {
            ["userId"] = "user123",
            ["topic"] = topic,
            ["audience"] = "general",
            ["style"] = "informative",
            ["sources"] = new JsonArray(),
            ["language"] = language,
            ["length"] = length,
        };
        if (jobId is not null)
        {
            body["jobId"] = jobId;
        }

        return body;
    }
}
