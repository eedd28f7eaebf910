using System.Text.Json.Serialization;

namespace ScriptService.Jobs;

/// <summary>A generated script as a job's result holds it.</summary>
/// <param name="ScriptId">The script's own id, made when it was generated (a job run twice keeps the first).</param>
/// <param name="Topic">The topic it was written on (the request's).</param>
/// <param name="Title">The script's title.</param>
/// <param name="Description">Its one-paragraph description.</param>
/// <param name="Text">The script itself.</param>
internal sealed record JobScript(
    [property: JsonPropertyName("scriptId")] string ScriptId,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("text")] ScriptText Text);
