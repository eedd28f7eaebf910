using System.Globalization;

namespace ScriptService.Generation.Offline;

/// <summary>Writes the title and the description: topic, audience, style, length and sources at a glance.</summary>
internal static class HeadlineComposer
{
    /// <summary>Enough for any description: a sentence or three.</summary>
    private const int DescriptionCapacity = 512;

    public static (string Title, string Description) Compose(ScriptPlan plan)
    {
        var phrasebook = plan.Phrasebook;
        var style = plan.StylePhrases;

        // Headlines always name the topic itself (cut to headline size), never the body's back-reference.
        var values = plan.Values with { Topic = plan.Topic.Headline, Style = style.DescriptionLead };
        var title = plan.Variants.Pick(style.TitlePatterns, ScriptComposer.TitleSalt).Render(values);

        var description = new TextBuffer(DescriptionCapacity);
        try
        {
            phrasebook.DescriptionPattern.RenderTo(ref description, values);
            description.Append(' ');
            description.Append(phrasebook.LengthDescriptions[plan.Length]);
            if (plan.Sources.Count == 1)
            {
                description.Append(' ');
                phrasebook.SourceCountOne.RenderTo(ref description, values);
            }
            else if (plan.Sources.Count > 1)
            {
                description.Append(' ');
                var count = plan.Sources.Count.ToString(CultureInfo.InvariantCulture);
                phrasebook.SourceCountMany.RenderTo(ref description, values with { Count = count });
            }

            return (title, description.ToString());
        }
        finally
        {
            description.Dispose();
        }
    }
}
