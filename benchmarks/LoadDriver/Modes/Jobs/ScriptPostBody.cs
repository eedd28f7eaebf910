namespace LoadDriver.Modes.Jobs;

/// <summary>The POST /api/scripts body of the client guide.</summary>
internal sealed class ScriptPostBody
{
    public string JobId { get; set; } = "";

    public string UserId { get; set; } = "bench";

    public string Topic { get; set; } = "";

    public string Audience { get; set; } = "general";

    public string Style { get; set; } = "informative";

    public string[] Sources { get; set; } = [];

    public string Language { get; set; } = "en";

    public string Length { get; set; } = "medium";
}
