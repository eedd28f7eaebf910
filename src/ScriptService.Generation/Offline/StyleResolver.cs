namespace ScriptService.Generation.Offline;

/// <summary>Maps the request's style to a known tone.</summary>
internal static class StyleResolver
{
    /// <summary>What a missing or unrecognised style becomes: informative suits any topic and any audience.</summary>
    public const ScriptStyle Default = ScriptStyle.Informative;

    public static ScriptStyle Resolve(string? style) =>
        AliasMatcher.TryMatch(AliasMatcher.Normalize(style), static phrasebook => phrasebook.StyleAliases, out var resolved) ? resolved : Default;
}
