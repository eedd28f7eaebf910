using System.Globalization;
using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Generation.Offline;

/// <summary>The "outline" stage: validates what the generator depends on and resolves the request into a <see cref="ScriptPlan"/>.</summary>
internal static class ScriptPlanner
{
    /// <exception cref="ScriptGenerationException">The language, length or topic cannot be written; the message is safe to show.</exception>
    public static ScriptPlan Plan(ScriptRequest request)
    {
        if (!PhrasebookRegistry.TryGet(request.Language, out var phrasebook))
        {
            // The API validates languages already; this guards a generator used on its own, and names only our codes.
            throw new ScriptGenerationException($"The offline generator writes only these languages: {SupportedLanguages()}.");
        }

        if (!Enum.IsDefined(request.Length))
        {
            throw new ScriptGenerationException("The requested script length is not supported.");
        }

        var topic = TopicText.From(request.Topic);
        var style = StyleResolver.Resolve(request.Style);
        var audience = AudienceResolver.Resolve(request.Audience);
        var sources = SourceParser.Parse(request.Sources);
        var profile = ScriptLengthProfile.For(request.Length);

        // The seed covers only what shapes the text, never the job or user id: the same request always reads the same.
        var seed = StableHash.Seed;
        seed = StableHash.Add(seed, phrasebook.Language);
        seed = AddLowerCase(seed, topic.Full);
        seed = StableHash.Add(seed, ((int)style).ToString(CultureInfo.InvariantCulture));
        seed = StableHash.Add(seed, ((int)audience.Kind).ToString(CultureInfo.InvariantCulture));
        seed = StableHash.Add(seed, audience.CustomLabel);
        seed = StableHash.Add(seed, ((int)request.Length).ToString(CultureInfo.InvariantCulture));

        var values = CreateValues(phrasebook, request.Length, style, audience, topic);
        return new ScriptPlan(phrasebook, request.Length, profile, style, audience, topic, sources, values, new VariantPicker(seed));
    }

    private static TemplateValues CreateValues(
        Phrasebook phrasebook,
        ScriptLength length,
        ScriptStyle style,
        ResolvedAudience audience,
        TopicText topic)
    {
        var phrases = phrasebook.Audiences[audience.Kind];
        var values = new TemplateValues
        {
            Topic = topic.IsLong ? phrasebook.TopicBackReference : topic.Full,
            Address = style == ScriptStyle.Formal ? phrases.FormalAddress : phrases.Address,
            Audience = audience.CustomLabel ?? phrases.Label,
            AudienceFor = phrases.For,
            Context = phrases.Context,
            Summary = phrasebook.SectionSummary(length),
        };

        if (audience.CustomLabel is not null)
        {
            values = values with { AudienceFor = phrasebook.UnknownAudienceFor.Render(values) };
        }

        // Audience sentences are themselves templates (they name the topic and the listener), rendered with these
        // values wherever a kept sentence uses them.
        return values with
        {
            Motivation = new NestedTemplate(phrases.Motivation, values),
            Example = new NestedTemplate(phrases.Example[0], values),
            Example2 = new NestedTemplate(phrases.Example[1], values),
            Tip = new NestedTemplate(phrases.Tips[0], values),
            Tip2 = new NestedTemplate(phrases.Tips[1], values),
        };
    }

    /// <summary>Hashes the text as <see cref="string.ToLowerInvariant()"/> would return it, without allocating that string.</summary>
    private static uint AddLowerCase(uint seed, string text)
    {
        const int MaxStackChars = 512;
        Span<char> lower = text.Length <= MaxStackChars ? stackalloc char[MaxStackChars] : new char[text.Length];
        var length = text.AsSpan().ToLowerInvariant(lower);
        return StableHash.Add(seed, lower[..length]);
    }

    private static string SupportedLanguages()
    {
        var codes = new string[PhrasebookRegistry.All.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = PhrasebookRegistry.All[i].Language;
        }

        return string.Join(", ", codes);
    }
}
