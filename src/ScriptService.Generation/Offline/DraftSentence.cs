namespace ScriptService.Generation.Offline;

/// <summary>
/// A candidate sentence: a template with its values, rendered only if the fitter keeps it, and how readily the fitter
/// may drop it.
/// </summary>
/// <param name="Template">The sentence's template.</param>
/// <param name="Values">The values it is rendered with.</param>
/// <param name="Rank">0 = always kept; higher ranks are added later, and only while the word budget allows.</param>
/// <param name="Words">Its whitespace word count once rendered, computed once (0 when restored from an earlier fitting, which needs none).</param>
/// <param name="Block">The index of the block it belongs to.</param>
internal readonly record struct DraftSentence(Template Template, TemplateValues Values, int Rank, int Words, int Block)
{
    public const int Required = 0;

    /// <summary>The hook's follow-up, and on short scripts the section lead-ins: they shape the voice most.</summary>
    public const int VoiceRank = 1;

    /// <summary>A section's first unit; unit <c>u</c> (from 0) has rank <c>FirstUnitRank + u</c>.</summary>
    public const int FirstUnitRank = 2;

    /// <summary>The closing recap, tied with the first units (and after them, since the close comes last).</summary>
    public const int SummaryRank = 2;

    /// <summary>The audience promise and the sign-off: pleasant, but the content comes first.</summary>
    public const int CourtesyRank = 3;

    /// <summary>Style asides come last: they add voice, not content.</summary>
    public const int AsideRank = 50;
}
