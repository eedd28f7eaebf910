namespace ScriptService.Generation.Offline;

/// <summary>The placeholders a phrasebook template can use, resolved from their names once when the template is parsed.</summary>
internal enum TemplateSlot
{
    Topic,
    You,
    Audience,
    For,
    Context,
    Motivation,
    Example,
    Example2,
    Tip,
    Tip2,
    Summary,
    N,
    Quote,
    Source,
    Refs,
    Count,
    Style,
}
