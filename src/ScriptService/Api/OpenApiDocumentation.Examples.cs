using System.Text.Json.Nodes;

namespace ScriptService.Api;

internal static partial class OpenApiDocumentation
{
    /// <summary>The document's examples: what the service really sends (the OpenAPI test checks the shapes).</summary>
    private static class Examples
    {
        private const string JobId = "job_1718000000000";

        public static JsonObject PostBody() => new JsonObject
        {
            ["jobId"] = JobId,
            ["topic"] = "Solar power for homes",
            ["audience"] = "general",
            ["style"] = "informative",
            ["sources"] = new JsonArray("https://example.org/solar-basics"),
            ["language"] = "en",
            ["length"] = "short",
        };

        public static JsonObject Accepted() => new JsonObject { ["jobId"] = JobId, ["status"] = "queued" };

        public static JsonObject Status() => new JsonObject
        {
            ["jobId"] = JobId,
            ["state"] = "succeeded",
            ["createdAt"] = "2026-01-05T09:30:00+00:00",
            ["updatedAt"] = "2026-01-05T09:30:04+00:00",
            ["result"] = new JsonObject
            {
                ["job_id"] = JobId,
                ["status"] = 201,
                ["data"] = new JsonObject
                {
                    ["scriptId"] = "0193f0a2-5c1e-7d3a-9b7e-2f4c8a1d6e90",
                    ["topic"] = "Solar power for homes",
                    ["title"] = "Solar power for homes",
                    ["description"] = "A short informative script for a general audience.",
                    ["script"] = "# Solar power for homes\n\nSunlight falls on every roof...",
                    ["status"] = "completed",
                },
                ["error"] = null,
                ["timestamp"] = "2026-01-05T09:30:04.000Z",
            },
        };

        public static JsonObject ValidationProblem() => new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            ["title"] = "Invalid request",
            ["status"] = 400,
            ["detail"] = "Some fields are missing or invalid.",
            ["errors"] = new JsonObject { ["topic"] = new JsonArray("topic is required.") },
        };

        public static JsonObject Problem(int status, string title, string detail) => new JsonObject
        {
            ["type"] = status switch
            {
                404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                _ => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            },
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
    }
}
