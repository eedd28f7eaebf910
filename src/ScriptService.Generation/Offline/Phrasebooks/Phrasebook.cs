namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>
/// Everything the offline generator says in one language. Adding a language means writing one phrasebook (a
/// <c>XxxPhrasebook</c> static class with its partial files) and listing it in <see cref="PhrasebookRegistry"/>; the
/// composer has no language branches. Sentences are <see cref="Template"/>s, parsed once when the phrasebook is built;
/// the other strings are inserted as they are.
/// </summary>
internal sealed class Phrasebook
{
    /// <summary>The request language code it serves, lower case, e.g. "en".</summary>
    public required string Language { get; init; }

    public required string OpeningHeading { get; init; }

    public required string ClosingHeading { get; init; }

    public required string SourcesHeading { get; init; }

    /// <summary>What a long topic is called after its first mention, e.g. "this topic".</summary>
    public required string TopicBackReference { get; init; }

    /// <summary>Between list items but the last two, e.g. ", ".</summary>
    public required string ListSeparator { get; init; }

    /// <summary>Between the last two list items, e.g. " and ".</summary>
    public required string ListLastSeparator { get; init; }

    /// <summary>The closing sentence that recaps the sections (<c>{summary}</c>).</summary>
    public required Template SummarySentence { get; init; }

    /// <summary>The closing sentence that points at the reference list, only when there are sources.</summary>
    public required Template SourcesNote { get; init; }

    /// <summary>Citations that quote a passage: <c>{n}</c> and <c>{quote}</c> (the quote brings its own final punctuation).</summary>
    public required IReadOnlyList<Template> QuoteCitations { get; init; }

    /// <summary>Citations that name a title: <c>{n}</c> and <c>{source}</c>.</summary>
    public required IReadOnlyList<Template> TitleCitations { get; init; }

    /// <summary>Citations of a bare link: <c>{n}</c> only.</summary>
    public required IReadOnlyList<Template> LinkCitations { get; init; }

    /// <summary>Cites one source beyond the inline ones: <c>{refs}</c> is "[4]".</summary>
    public required Template FurtherSource { get; init; }

    /// <summary>Cites several sources beyond the inline ones: <c>{refs}</c> is "[4], [5] and [6]".</summary>
    public required Template FurtherSources { get; init; }

    /// <summary>The audience phrase for titles when the requested audience is not one we know: <c>{audience}</c> is the client's words.</summary>
    public required Template UnknownAudienceFor { get; init; }

    /// <summary>The description's first sentence: <c>{style}</c>, <c>{topic}</c>, <c>{for}</c>, <c>{summary}</c>.</summary>
    public required Template DescriptionPattern { get; init; }

    /// <summary>The description's sentence about length and reading time.</summary>
    public required IReadOnlyDictionary<ScriptLength, string> LengthDescriptions { get; init; }

    /// <summary>The description's sentence when one source is cited.</summary>
    public required Template SourceCountOne { get; init; }

    /// <summary>The description's sentence when several are cited: <c>{count}</c>.</summary>
    public required Template SourceCountMany { get; init; }

    public required IReadOnlyDictionary<ScriptStyle, StylePhrases> Styles { get; init; }

    public required IReadOnlyDictionary<AudienceKind, AudiencePhrases> Audiences { get; init; }

    public required IReadOnlyDictionary<SectionKind, SectionPhrases> Sections { get; init; }

    /// <summary>
    /// Words clients use for styles, in this language (lower case). Every phrasebook's aliases are accepted for every
    /// output language: a client may ask for "hài hước" in English.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, ScriptStyle>> StyleAliases { get; init; }

    /// <summary>Words clients use for audiences, in this language (lower case).</summary>
    public required IReadOnlyList<KeyValuePair<string, AudienceKind>> AudienceAliases { get; init; }

    /// <summary>
    /// <c>{summary}</c> for each length: its sections as a spoken list. It depends on nothing else, so it is joined at
    /// first use and kept (two threads racing join the same text, harmlessly).
    /// </summary>
    private readonly string?[] _sectionSummaries = new string?[(int)ScriptLength.Long + 1];

    public string SectionSummary(ScriptLength length)
    {
        ref var summary = ref _sectionSummaries[(int)length];
        if (summary is null)
        {
            var sections = ScriptLengthProfile.For(length).Sections;
            var items = new string[sections.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Sections[sections[i]].Summary;
            }

            summary = TextShaping.JoinList(items, ListSeparator, ListLastSeparator);
        }

        return summary;
    }
}
