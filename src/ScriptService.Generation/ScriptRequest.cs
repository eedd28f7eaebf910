namespace ScriptService.Generation;

/// <summary>A validated request to generate a script (the body of <c>POST /api/scripts</c>).</summary>
/// <param name="JobId">The job's id: 1-128 characters of <c>[A-Za-z0-9_.:-]</c>.</param>
/// <param name="UserId">Who asked, as the client says (not authenticated); may be null.</param>
/// <param name="Topic">What the script is about (1-500 characters).</param>
/// <param name="Audience">Who it is for, e.g. "general", "students"; may be null.</param>
/// <param name="Style">How it should sound, e.g. "informative", "casual"; may be null.</param>
/// <param name="Sources">Source texts or references to quote or cite; may be empty.</param>
/// <param name="Language">A supported language code: "vi" or "en".</param>
/// <param name="Length">The wanted length.</param>
public sealed record ScriptRequest(
    string JobId,
    string? UserId,
    string Topic,
    string? Audience,
    string? Style,
    IReadOnlyList<string> Sources,
    string Language,
    ScriptLength Length);
