namespace ScriptService.Generation.Offline;

/// <summary>What a length means for the shape of a script: its word range, its sections and how many sources it quotes inline.</summary>
/// <param name="Words">The body word range.</param>
/// <param name="Sections">The body sections, in order.</param>
/// <param name="MaxInlineCitations">
/// Sources quoted or named in full inside sections; the rest are cited by number in one sentence, so many sources
/// cannot push a short script out of its range.
/// </param>
/// <param name="LeadInsRequired">
/// Whether every section keeps its style lead-in. A short script cannot afford them all (in Vietnamese, headings,
/// leads and lead-ins alone reach the top of the range), so there they are the first optional sentences instead;
/// the hook and the close still carry the style.
/// </param>
internal sealed record ScriptLengthProfile(WordRange Words, IReadOnlyList<SectionKind> Sections, int MaxInlineCitations, bool LeadInsRequired)
{
    private static readonly ScriptLengthProfile _short = new(
        ScriptWordRanges.For(ScriptLength.Short),
        [SectionKind.WhyItMatters, SectionKind.KeyIdeas, SectionKind.PracticalSteps],
        MaxInlineCitations: 1,
        LeadInsRequired: false);

    private static readonly ScriptLengthProfile _medium = new(
        ScriptWordRanges.For(ScriptLength.Medium),
        [SectionKind.Overview, SectionKind.WhyItMatters, SectionKind.KeyIdeas, SectionKind.Examples, SectionKind.PracticalSteps],
        MaxInlineCitations: 3,
        LeadInsRequired: true);

    private static readonly ScriptLengthProfile _long = new(
        ScriptWordRanges.For(ScriptLength.Long),
        [
            SectionKind.Overview, SectionKind.WhyItMatters, SectionKind.KeyIdeas, SectionKind.Misconceptions,
            SectionKind.Examples, SectionKind.PracticalSteps, SectionKind.Challenges, SectionKind.FutureOutlook,
        ],
        MaxInlineCitations: 5,
        LeadInsRequired: true);

    public static ScriptLengthProfile For(ScriptLength length) => length switch
    {
        ScriptLength.Short => _short,
        ScriptLength.Medium => _medium,
        ScriptLength.Long => _long,
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Unknown script length."),
    };
}
