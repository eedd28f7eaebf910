namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>The neutral content of one section in one language; style and audience wording is mixed in around it.</summary>
internal sealed class SectionPhrases
{
    public required string Heading { get; init; }

    /// <summary>The section as an item in the closing summary and the description, e.g. "why it matters".</summary>
    public required string Summary { get; init; }

    /// <summary>What the section always keeps: one sentence, or a few when the first makes a promise the rest keeps.</summary>
    public required Template Lead { get; init; }

    /// <summary>
    /// Further sentences in reading order. The fitter keeps a prefix of them, never a later one without the earlier
    /// ones, so a unit may build on the one before it. Audience sentences are placed (here or in the lead) with
    /// <c>{motivation}</c>, <c>{example}</c>, <c>{example2}</c>, <c>{tip}</c> and <c>{tip2}</c>.
    /// </summary>
    public required IReadOnlyList<Template> Units { get; init; }
}
