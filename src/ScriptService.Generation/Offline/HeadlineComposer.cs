using System.Globalization;

namespace ScriptService.Generation.Offline;

/// <summary>Writes the title and the description: topic, audience, style, length and sources at a glance.</summary>
internal static class HeadlineComposer
{
    public static (string Title, string Description) Compose(ScriptPlan plan)
    {
        var phrasebook = plan.Phrasebook;
        var style = plan.StylePhrases;

        // Headlines always name the topic itself (cut to headline size), never the body's back-reference.
        var values = plan.Values with { Topic = plan.Topic.Headline, Style = style.DescriptionLead };
        var title = TemplateRenderer.Render(plan.Variants.Pick(style.TitlePatterns, ScriptComposer.TitleSalt), values);

        var description = TemplateRenderer.Render(phrasebook.DescriptionPattern, values) + " " + phrasebook.LengthDescriptions[plan.Length];
        if (plan.Sources.Count == 1)
        {
            description += " " + TemplateRenderer.Render(phrasebook.SourceCountOne, values);
        }
        else if (plan.Sources.Count > 1)
        {
            var count = plan.Sources.Count.ToString(CultureInfo.InvariantCulture);
            description += " " + TemplateRenderer.Render(phrasebook.SourceCountMany, values with { Count = count });
        }

        return (title, description);
    }
}
