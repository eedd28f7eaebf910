namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>How a script speaks to one audience in one language. The sentences are templates; the rest are values they insert.</summary>
internal sealed class AudiencePhrases
{
    /// <summary>What <c>{you}</c> renders as (Vietnamese picks a different pronoun per audience; English is always "you").</summary>
    public required string Address { get; init; }

    /// <summary>The pronoun when the style is formal (e.g. "quý vị" instead of "bạn").</summary>
    public required string FormalAddress { get; init; }

    /// <summary>The audience named in running text, e.g. "students".</summary>
    public required string Label { get; init; }

    /// <summary>The audience in a title or description, e.g. "for students".</summary>
    public required string For { get; init; }

    /// <summary>Where the audience will use the topic, e.g. "in your studies"; completes a sentence.</summary>
    public required string Context { get; init; }

    /// <summary>The hook's promise of what this audience gets out of the script.</summary>
    public required Template Promise { get; init; }

    /// <summary>Why the topic matters to this audience in particular.</summary>
    public required Template Motivation { get; init; }

    /// <summary>A two-sentence scenario from this audience's life, used by the examples section.</summary>
    public required IReadOnlyList<Template> Example { get; init; }

    /// <summary>Two concrete tips for this audience, used by the practice section.</summary>
    public required IReadOnlyList<Template> Tips { get; init; }

    public required Template CallToAction { get; init; }
}
