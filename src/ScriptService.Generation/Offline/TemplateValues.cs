namespace ScriptService.Generation.Offline;

/// <summary>
/// The values a phrasebook template can use. A plain switch (no reflection) maps a placeholder's slot to its value, so the
/// generator stays trimming- and AOT-safe; a placeholder without a value is a phrasebook bug and throws.
/// </summary>
internal sealed record TemplateValues
{
    /// <summary><c>{topic}</c>: the topic, or the phrasebook's back-reference after a long topic's first mention.</summary>
    public required string Topic { get; init; }

    /// <summary><c>{you}</c>: how the listener is addressed.</summary>
    public required string Address { get; init; }

    /// <summary><c>{audience}</c>: the audience named in running text.</summary>
    public required string Audience { get; init; }

    /// <summary><c>{for}</c>: the audience in a title, e.g. "for students".</summary>
    public required string AudienceFor { get; init; }

    /// <summary><c>{context}</c>: where the audience uses the topic.</summary>
    public required string Context { get; init; }

    /// <summary><c>{motivation}</c>: why the topic matters to the audience.</summary>
    public NestedTemplate? Motivation { get; init; }

    /// <summary><c>{example}</c> and <c>{example2}</c>: a scenario from the audience's life.</summary>
    public NestedTemplate? Example { get; init; }

    public NestedTemplate? Example2 { get; init; }

    /// <summary><c>{tip}</c> and <c>{tip2}</c>: concrete tips for the audience.</summary>
    public NestedTemplate? Tip { get; init; }

    public NestedTemplate? Tip2 { get; init; }

    /// <summary><c>{summary}</c>: the sections as a spoken list.</summary>
    public string? Summary { get; init; }

    /// <summary><c>{n}</c>: a source number.</summary>
    public string? SourceNumber { get; init; }

    /// <summary><c>{quote}</c>: a quoted excerpt, with its closing punctuation.</summary>
    public string? Quote { get; init; }

    /// <summary><c>{source}</c>: a source title.</summary>
    public string? Source { get; init; }

    /// <summary><c>{refs}</c>: source numbers as a list, e.g. "[4] and [5]".</summary>
    public string? References { get; init; }

    /// <summary><c>{count}</c>: how many sources.</summary>
    public string? Count { get; init; }

    /// <summary><c>{style}</c>: the style's description lead.</summary>
    public string? Style { get; init; }

    /// <summary>The text of a placeholder, or null when it has none here or its value is a template (<see cref="ResolveTemplate"/>).</summary>
    public string? Resolve(TemplateSlot slot) => slot switch
    {
        TemplateSlot.Topic => Topic,
        TemplateSlot.You => Address,
        TemplateSlot.Audience => Audience,
        TemplateSlot.For => AudienceFor,
        TemplateSlot.Context => Context,
        TemplateSlot.Summary => Summary,
        TemplateSlot.N => SourceNumber,
        TemplateSlot.Quote => Quote,
        TemplateSlot.Source => Source,
        TemplateSlot.Refs => References,
        TemplateSlot.Count => Count,
        TemplateSlot.Style => Style,
        _ => null,
    };

    /// <summary>Whether a placeholder's value is a template rather than text: decided by the slot alone, so templates decide it once.</summary>
    public static bool IsTemplateSlot(TemplateSlot slot) => slot is TemplateSlot.Motivation or TemplateSlot.Example or TemplateSlot.Example2 or TemplateSlot.Tip or TemplateSlot.Tip2;

    /// <summary>The template a placeholder stands for, or null when its value is text (or missing).</summary>
    public NestedTemplate? ResolveTemplate(TemplateSlot slot) => slot switch
    {
        TemplateSlot.Motivation => Motivation,
        TemplateSlot.Example => Example,
        TemplateSlot.Example2 => Example2,
        TemplateSlot.Tip => Tip,
        TemplateSlot.Tip2 => Tip2,
        _ => null,
    };
}
