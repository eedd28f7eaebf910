namespace ScriptService.Generation.Offline;

/// <summary>The audience a script is written for.</summary>
/// <param name="Kind">The wording to use: a known audience, or <see cref="AudienceKind.General"/> for one we do not know.</param>
/// <param name="CustomLabel">The client's own words for an audience we do not know, so the title still names them; null when known.</param>
internal sealed record ResolvedAudience(AudienceKind Kind, string? CustomLabel);
