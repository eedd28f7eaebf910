namespace ScriptService.Generation.Offline;

/// <summary>Maps the request's audience to known wording, keeping an unknown audience's name for the title.</summary>
internal static class AudienceResolver
{
    /// <summary>Custom audience names longer than this are cut, so they fit in a title.</summary>
    public const int MaxCustomLabelChars = 60;

    public static ResolvedAudience Resolve(string? audience)
    {
        var normalized = AliasMatcher.Normalize(audience);
        if (normalized.Length == 0)
        {
            return new ResolvedAudience(AudienceKind.General, null);
        }

        if (AliasMatcher.TryMatch(normalized, static phrasebook => phrasebook.AudienceAliases, out var kind))
        {
            return new ResolvedAudience(kind, null);
        }

        // Unknown ("nurses", "gardeners"): general wording speaks to anyone, and the title still says who it is for.
        var label = TextShaping.TruncateAtWord(TextShaping.TrimEndPunctuation(TextShaping.CollapseWhitespace(audience)), MaxCustomLabelChars);
        return new ResolvedAudience(AudienceKind.General, label.Length > 0 ? label : null);
    }
}
