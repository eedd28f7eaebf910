namespace ScriptService.Generation.Offline;

/// <summary>One piece of a parsed <see cref="Template"/>: literal text with its words counted, or a placeholder.</summary>
internal readonly struct TemplatePart
{
    private TemplatePart(string? literal, WordShape shape, TemplateSlot slot, bool capitalize)
    {
        Literal = literal;
        Shape = shape;
        Slot = slot;
        Capitalize = capitalize;
        IsNestedTemplate = literal is null && TemplateValues.IsTemplateSlot(slot);
    }

    /// <summary>The literal text; null for a placeholder.</summary>
    public string? Literal { get; }

    /// <summary>The literal's word shape, counted once at parse time.</summary>
    public WordShape Shape { get; }

    public TemplateSlot Slot { get; }

    /// <summary>The placeholder's value is a template (<see cref="TemplateValues.ResolveTemplate"/>), not text.</summary>
    public bool IsNestedTemplate { get; }

    /// <summary>The placeholder was written capitalized (<c>{Topic}</c>): the value's first letter is raised.</summary>
    public bool Capitalize { get; }

    public static TemplatePart Text(string literal) => new(literal, WordShape.Of(literal), default, capitalize: false);

    public static TemplatePart Placeholder(TemplateSlot slot, bool capitalize) => new(null, default, slot, capitalize);
}
