namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>How one style sounds in one language. Everything but the description lead is a <see cref="Template"/>.</summary>
internal sealed class StylePhrases
{
    /// <summary>Opens the description, e.g. "An informative script"; it carries the style into the description.</summary>
    public required string DescriptionLead { get; init; }

    /// <summary>Title patterns, one picked per request; each names the topic and the audience (<c>{for}</c>).</summary>
    public required IReadOnlyList<Template> TitlePatterns { get; init; }

    public required IReadOnlyList<StyleHook> Hooks { get; init; }

    /// <summary>One lead-in per section kind: the sentence that gives every section the style's voice.</summary>
    public required IReadOnlyDictionary<SectionKind, Template> LeadIns { get; init; }

    /// <summary>Short asides sprinkled into alternate sections when there is room.</summary>
    public required IReadOnlyList<Template> Asides { get; init; }

    /// <summary>Closing lines, one picked per request; each names the topic.</summary>
    public required IReadOnlyList<Template> Closings { get; init; }

    public required Template SignOff { get; init; }
}
