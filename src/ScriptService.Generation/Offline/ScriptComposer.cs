using System.Globalization;

namespace ScriptService.Generation.Offline;

/// <summary>
/// The "draft" stage: writes every candidate sentence of the opening, the sections and the close, ranked so the
/// fitter can trim to the word range without breaking the structure (hook, sections, call to action, citations stay).
/// </summary>
internal static class ScriptComposer
{
    /// <summary>Salts that keep the request's phrasing choices independent of each other.</summary>
    internal const uint HookSalt = 1;
    internal const uint ClosingSalt = 2;
    internal const uint TitleSalt = 3;
    internal const uint AsideSalt = 4;

    public static ScriptDraft Compose(ScriptPlan plan)
    {
        var sections = plan.Profile.Sections;
        var blocks = new List<DraftBlock>(sections.Count + 2) { ComposeOpening(plan) };

        var inlineCount = Math.Min(plan.Sources.Count, plan.Profile.MaxInlineCitations);
        var asideOffset = plan.Variants.Offset(plan.StylePhrases.Asides.Count, AsideSalt);
        for (var i = 0; i < sections.Count; i++)
        {
            blocks.Add(ComposeSection(plan, i, inlineCount, asideOffset));
        }

        blocks.Add(ComposeClose(plan));

        if (plan.Sources.Count == 0)
        {
            return new ScriptDraft(blocks, null, []);
        }

        var references = new string[plan.Sources.Count];
        for (var i = 0; i < references.Length; i++)
        {
            references[i] = $"[{plan.Sources[i].Number.ToString(CultureInfo.InvariantCulture)}] {plan.Sources[i].ListEntry}";
        }

        return new ScriptDraft(blocks, plan.Phrasebook.SourcesHeading, references);
    }

    private static DraftBlock ComposeOpening(ScriptPlan plan)
    {
        var hook = plan.Variants.Pick(plan.StylePhrases.Hooks, HookSalt);

        // The hook line is the one place a long topic is named in full; everything after refers back to it.
        var hookValues = plan.Values with { Topic = plan.Topic.Full };
        return new DraftBlock(plan.Phrasebook.OpeningHeading,
        [
            DraftSentence.Create(TemplateRenderer.Render(hook.Line, hookValues), DraftSentence.Required),
            DraftSentence.Create(TemplateRenderer.Render(hook.FollowUp, plan.Values), DraftSentence.VoiceRank),
            DraftSentence.Create(TemplateRenderer.Render(plan.AudiencePhrases.Promise, plan.Values), DraftSentence.CourtesyRank),
        ]);
    }

    private static DraftBlock ComposeSection(ScriptPlan plan, int index, int inlineCount, int asideOffset)
    {
        var kind = plan.Profile.Sections[index];
        var phrases = plan.Phrasebook.Sections[kind];
        var sentences = new List<DraftSentence>(phrases.Units.Count + 5)
        {
            DraftSentence.Create(
                TemplateRenderer.Render(plan.StylePhrases.LeadIns[kind], plan.Values),
                plan.Profile.LeadInsRequired ? DraftSentence.Required : DraftSentence.VoiceRank),
            DraftSentence.Create(TemplateRenderer.Render(phrases.Lead, plan.Values), DraftSentence.Required),
        };

        // Citations are required sentences: a source the client gave is always cited, whatever the length.
        for (var s = 0; s < inlineCount; s++)
        {
            if (SectionOfCitation(s, inlineCount, plan.Profile.Sections.Count) == index)
            {
                sentences.Add(DraftSentence.Create(Cite(plan, plan.Sources[s]), DraftSentence.Required));
            }
        }

        if (index == plan.Profile.Sections.Count - 1 && plan.Sources.Count > inlineCount)
        {
            sentences.Add(DraftSentence.Create(CiteFurther(plan, inlineCount), DraftSentence.Required));
        }

        for (var u = 0; u < phrases.Units.Count; u++)
        {
            sentences.Add(DraftSentence.Create(TemplateRenderer.Render(phrases.Units[u], plan.Values), DraftSentence.FirstUnitRank + u));
        }

        // Asides go to every other section only: a quip in every paragraph would wear thin.
        var asides = plan.StylePhrases.Asides;
        if (index % 2 == 1 && asides.Count > 0)
        {
            var aside = asides[(asideOffset + (index / 2)) % asides.Count];
            sentences.Add(DraftSentence.Create(TemplateRenderer.Render(aside, plan.Values), DraftSentence.AsideRank));
        }

        return new DraftBlock(phrases.Heading, sentences);
    }

    private static DraftBlock ComposeClose(ScriptPlan plan)
    {
        var phrasebook = plan.Phrasebook;
        var closing = plan.Variants.Pick(plan.StylePhrases.Closings, ClosingSalt);
        var sentences = new List<DraftSentence>(5)
        {
            DraftSentence.Create(TemplateRenderer.Render(closing, plan.Values), DraftSentence.Required),
            DraftSentence.Create(TemplateRenderer.Render(phrasebook.SummarySentence, plan.Values), DraftSentence.SummaryRank),
            DraftSentence.Create(TemplateRenderer.Render(plan.AudiencePhrases.CallToAction, plan.Values), DraftSentence.Required),
        };

        if (plan.Sources.Count > 0)
        {
            sentences.Add(DraftSentence.Create(TemplateRenderer.Render(phrasebook.SourcesNote, plan.Values), DraftSentence.Required));
        }

        sentences.Add(DraftSentence.Create(TemplateRenderer.Render(plan.StylePhrases.SignOff, plan.Values), DraftSentence.CourtesyRank));
        return new DraftBlock(phrasebook.ClosingHeading, sentences);
    }

    /// <summary>Spreads inline citations evenly over the sections instead of piling them into the first.</summary>
    private static int SectionOfCitation(int citation, int citations, int sections) => citation * sections / citations;

    private static string Cite(ScriptPlan plan, SourceReference source)
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
        return TemplateRenderer.Render(template, values);
    }

    private static string CiteFurther(ScriptPlan plan, int firstIndex)
    {
        var phrasebook = plan.Phrasebook;
        var numbers = new string[plan.Sources.Count - firstIndex];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = $"[{plan.Sources[firstIndex + i].Number.ToString(CultureInfo.InvariantCulture)}]";
        }

        var template = numbers.Length == 1 ? phrasebook.FurtherSource : phrasebook.FurtherSources;
        var references = TextShaping.JoinList(numbers, phrasebook.ListSeparator, phrasebook.ListLastSeparator);
        var values = plan.Values with { References = references };
        return TemplateRenderer.Render(template, values);
    }
}
