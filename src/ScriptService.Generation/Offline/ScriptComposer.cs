using System.Globalization;

namespace ScriptService.Generation.Offline;

/// <summary>
/// The "draft" stage: writes every candidate sentence of the opening, the sections and the close into a draft, ranked
/// so the fitter can trim to the word range without breaking the structure (hook, sections, call to action, citations
/// stay). Sentences are templates with their values; only the ones the fitter keeps are ever rendered.
/// </summary>
internal static class ScriptComposer
{
    /// <summary>Salts that keep the request's phrasing choices independent of each other.</summary>
    internal const uint HookSalt = 1;
    internal const uint ClosingSalt = 2;
    internal const uint TitleSalt = 3;
    internal const uint AsideSalt = 4;

    public static void Compose(ScriptPlan plan, ScriptDraft draft)
    {
        ComposeOpening(plan, draft);

        var sections = plan.Profile.Sections;
        var inlineCount = Math.Min(plan.Sources.Count, plan.Profile.MaxInlineCitations);
        var asideOffset = plan.Variants.Offset(plan.StylePhrases.Asides.Count, AsideSalt);
        for (var i = 0; i < sections.Count; i++)
        {
            ComposeSection(plan, draft, i, inlineCount, asideOffset);
        }

        ComposeClose(plan, draft);

        for (var i = 0; i < plan.Sources.Count; i++)
        {
            var source = plan.Sources[i];
            draft.AddReference(plan.Phrasebook.SourcesHeading, $"[{source.Number.ToString(CultureInfo.InvariantCulture)}] {source.ListEntry}");
        }
    }

    private static void ComposeOpening(ScriptPlan plan, ScriptDraft draft)
    {
        var hook = plan.Variants.Pick(plan.StylePhrases.Hooks, HookSalt);

        // The hook line is the one place a long topic is named in full; everything after refers back to it (a short
        // topic is named in full everywhere, so the body's values already say it).
        var hookValues = plan.Topic.IsLong ? plan.Values with { Topic = plan.Topic.Full } : plan.Values;
        draft.AddBlock(plan.Phrasebook.OpeningHeading);
        draft.Add(hook.Line, hookValues, DraftSentence.Required);
        draft.Add(hook.FollowUp, plan.Values, DraftSentence.VoiceRank);
        draft.Add(plan.AudiencePhrases.Promise, plan.Values, DraftSentence.CourtesyRank);
    }

    private static void ComposeSection(ScriptPlan plan, ScriptDraft draft, int index, int inlineCount, int asideOffset)
    {
        var kind = plan.Profile.Sections[index];
        var phrases = plan.Phrasebook.Sections[kind];
        draft.AddBlock(phrases.Heading);
        draft.Add(plan.StylePhrases.LeadIns[kind], plan.Values, plan.Profile.LeadInsRequired ? DraftSentence.Required : DraftSentence.VoiceRank);
        draft.Add(phrases.Lead, plan.Values, DraftSentence.Required);

        // Citations are required sentences: a source the client gave is always cited, whatever the length.
        for (var s = 0; s < inlineCount; s++)
        {
            if (SectionOfCitation(s, inlineCount, plan.Profile.Sections.Count) == index)
            {
                Cite(plan, draft, plan.Sources[s]);
            }
        }

        if (index == plan.Profile.Sections.Count - 1 && plan.Sources.Count > inlineCount)
        {
            CiteFurther(plan, draft, inlineCount);
        }

        for (var u = 0; u < phrases.Units.Count; u++)
        {
            draft.Add(phrases.Units[u], plan.Values, DraftSentence.FirstUnitRank + u);
        }

        // Asides go to every other section only: a quip in every paragraph would wear thin.
        var asides = plan.StylePhrases.Asides;
        if (index % 2 == 1 && asides.Count > 0)
        {
            draft.Add(asides[(asideOffset + (index / 2)) % asides.Count], plan.Values, DraftSentence.AsideRank);
        }
    }

    private static void ComposeClose(ScriptPlan plan, ScriptDraft draft)
    {
        var phrasebook = plan.Phrasebook;
        draft.AddBlock(phrasebook.ClosingHeading);
        draft.Add(plan.Variants.Pick(plan.StylePhrases.Closings, ClosingSalt), plan.Values, DraftSentence.Required);
        draft.Add(phrasebook.SummarySentence, plan.Values, DraftSentence.SummaryRank);
        draft.Add(plan.AudiencePhrases.CallToAction, plan.Values, DraftSentence.Required);
        if (plan.Sources.Count > 0)
        {
            draft.Add(phrasebook.SourcesNote, plan.Values, DraftSentence.Required);
        }

        draft.Add(plan.StylePhrases.SignOff, plan.Values, DraftSentence.CourtesyRank);
    }

    /// <summary>Spreads inline citations evenly over the sections instead of piling them into the first.</summary>
    private static int SectionOfCitation(int citation, int citations, int sections) => citation * sections / citations;

    private static void Cite(ScriptPlan plan, ScriptDraft draft, SourceReference source)
    {
        var phrasebook = plan.Phrasebook;
        var templates = source.Kind switch
        {
            SourceKind.Passage => phrasebook.QuoteCitations,
            SourceKind.Title => phrasebook.TitleCitations,
            _ => phrasebook.LinkCitations,
        };

        // Rotating by number varies the wording from one citation to the next.
        var template = templates[(source.Number - 1) % templates.Count];
        var values = plan.Values with
        {
            SourceNumber = source.Number.ToString(CultureInfo.InvariantCulture),
            Quote = source.Excerpt,
            Source = source.Excerpt,
        };
        draft.Add(template, values, DraftSentence.Required);
    }

    private static void CiteFurther(ScriptPlan plan, ScriptDraft draft, int firstIndex)
    {
        var phrasebook = plan.Phrasebook;
        var numbers = new string[plan.Sources.Count - firstIndex];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = $"[{plan.Sources[firstIndex + i].Number.ToString(CultureInfo.InvariantCulture)}]";
        }

        var template = numbers.Length == 1 ? phrasebook.FurtherSource : phrasebook.FurtherSources;
        var references = TextShaping.JoinList(numbers, phrasebook.ListSeparator, phrasebook.ListLastSeparator);
        draft.Add(template, plan.Values with { References = references }, DraftSentence.Required);
    }
}
