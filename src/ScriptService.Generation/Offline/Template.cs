namespace ScriptService.Generation.Offline;

/// <summary>
/// A phrasebook sentence with <c>{name}</c> placeholders, parsed once when the phrasebook is built (phrasebooks are
/// static, so every template is parsed once per process). A capitalized name (<c>{Topic}</c>, <c>{You}</c>)
/// capitalizes the value's first letter for sentence starts. Values are inserted verbatim and never scanned again, so
/// braces in client text (a topic, a source) are harmless. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The word count of a rendering is computed from the parts (literal words counted at parse time, values counted as
/// they are), so the composer can rank and fit sentences without rendering the ones the fitter drops; the kept ones are
/// rendered once, straight into the script.
/// </remarks>
internal sealed class Template
{
    /// <summary>Placeholder names are short words; anything longer is a typo in a phrasebook.</summary>
    private const int MaxNameLength = 32;

    private readonly TemplatePart[] _parts;
    private readonly int _literalLength;

    /// <exception cref="InvalidOperationException">The template is malformed or names an unknown placeholder (a phrasebook bug).</exception>
    public Template(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        _parts = Parse(text);
        foreach (var part in _parts)
        {
            _literalLength += part.Literal?.Length ?? 0;
        }
    }

    /// <summary>The template as written in the phrasebook.</summary>
    public string Text { get; }

    /// <summary>Lets phrasebooks list their templates as plain string literals.</summary>
    public static implicit operator Template(string text) => new(text);

    /// <summary>The word shape of the rendering with <paramref name="values"/>, without rendering it.</summary>
    /// <exception cref="InvalidOperationException">A placeholder has no value here (a phrasebook bug).</exception>
    public WordShape ShapeWith(TemplateValues values)
    {
        var shape = default(WordShape);
        foreach (var part in _parts)
        {
            shape = shape.Then(part.Literal is not null ? part.Shape
                : part.IsNestedTemplate && values.ResolveTemplate(part.Slot) is { } nested ? nested.Template.ShapeWith(nested.Values)
                : WordShape.Of(ValueOf(part, values)));
        }

        return shape;
    }

    /// <summary>The length of the rendering with <paramref name="values"/> (capitalizing never changes a length).</summary>
    public int LengthWith(TemplateValues values)
    {
        var length = _literalLength;
        foreach (var part in _parts)
        {
            if (part.Literal is null)
            {
                length += part.IsNestedTemplate && values.ResolveTemplate(part.Slot) is { } nested ? nested.Template.LengthWith(nested.Values) : ValueOf(part, values).Length;
            }
        }

        return length;
    }

    public string Render(TemplateValues values)
    {
        if (_parts is [{ Literal: { } literal }])
        {
            return literal;
        }

        return string.Create(LengthWith(values), (Template: this, Values: values), static (destination, state) => state.Template.Write(destination, state.Values));
    }

    public void RenderTo(ref TextBuffer buffer, TemplateValues values) => buffer.Advance(Write(buffer.GetSpan(LengthWith(values)), values));

    public override string ToString() => Text;

    /// <summary>Writes the rendering into <paramref name="destination"/>, which is at least <see cref="LengthWith"/> long; returns its length.</summary>
    private int Write(Span<char> destination, TemplateValues values)
    {
        var position = 0;
        foreach (var part in _parts)
        {
            if (part.Literal is { } literal)
            {
                literal.CopyTo(destination[position..]);
                position += literal.Length;
                continue;
            }

            int length;
            if (part.IsNestedTemplate && values.ResolveTemplate(part.Slot) is { } nested)
            {
                length = nested.Template.Write(destination[position..], nested.Values);
            }
            else
            {
                var value = ValueOf(part, values);
                value.CopyTo(destination[position..]);
                length = value.Length;
            }

            if (part.Capitalize)
            {
                TextShaping.CapitalizeFirst(destination.Slice(position, length));
            }

            position += length;
        }

        return position;
    }

    private string ValueOf(TemplatePart part, TemplateValues values) =>
        values.Resolve(part.Slot) ?? throw new InvalidOperationException($"Placeholder {{{part.Slot}}} has no value in template \"{Text}\".");

    private static TemplatePart[] Parse(string text)
    {
        var parts = new List<TemplatePart>();
        var position = 0;
        var open = text.IndexOf('{', StringComparison.Ordinal);
        while (open >= 0)
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new InvalidOperationException($"Unclosed placeholder in template \"{text}\".");
            }

            if (open > position)
            {
                parts.Add(TemplatePart.Text(text[position..open]));
            }

            parts.Add(Placeholder(text.AsSpan(open + 1, close - open - 1), text));
            position = close + 1;
            open = text.IndexOf('{', position);
        }

        if (position < text.Length)
        {
            parts.Add(TemplatePart.Text(text[position..]));
        }

        return [.. parts];
    }

    private static TemplatePart Placeholder(ReadOnlySpan<char> name, string text)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new InvalidOperationException($"Bad placeholder in template \"{text}\".");
        }

        var capitalize = char.IsUpper(name[0]);
        Span<char> lower = stackalloc char[name.Length];
        name.CopyTo(lower);
        lower[0] = char.ToLowerInvariant(lower[0]);

        TemplateSlot? slot = lower switch
        {
            "topic" => TemplateSlot.Topic,
            "you" => TemplateSlot.You,
            "audience" => TemplateSlot.Audience,
            "for" => TemplateSlot.For,
            "context" => TemplateSlot.Context,
            "motivation" => TemplateSlot.Motivation,
            "example" => TemplateSlot.Example,
            "example2" => TemplateSlot.Example2,
            "tip" => TemplateSlot.Tip,
            "tip2" => TemplateSlot.Tip2,
            "summary" => TemplateSlot.Summary,
            "n" => TemplateSlot.N,
            "quote" => TemplateSlot.Quote,
            "source" => TemplateSlot.Source,
            "refs" => TemplateSlot.Refs,
            "count" => TemplateSlot.Count,
            "style" => TemplateSlot.Style,
            _ => null,
        };

        return slot is { } known
            ? TemplatePart.Placeholder(known, capitalize)
            : throw new InvalidOperationException($"Unknown placeholder {{{name}}} in template \"{text}\".");
    }
}
