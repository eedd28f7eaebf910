using System.Text;

namespace ScriptService.Generation.Offline;

/// <summary>
/// Fills <c>{name}</c> placeholders. A capitalized name (<c>{Topic}</c>, <c>{You}</c>) capitalizes the value's first
/// letter for sentence starts. Values are inserted verbatim and never scanned again, so braces in client text (a
/// topic, a source) are harmless.
/// </summary>
internal static class TemplateRenderer
{
    /// <summary>Placeholder names are short words; the cap keeps the stack buffer below small.</summary>
    private const int MaxNameLength = 32;

    /// <exception cref="InvalidOperationException">The template is malformed or uses a placeholder without a value (a phrasebook bug).</exception>
    public static string Render(string template, TemplateValues values)
    {
        var open = template.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 64);
        var position = 0;
        while (open >= 0)
        {
            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new InvalidOperationException($"Unclosed placeholder in template \"{template}\".");
            }

            builder.Append(template, position, open - position);
            builder.Append(Value(template.AsSpan(open + 1, close - open - 1), values, template));
            position = close + 1;
            open = template.IndexOf('{', position);
        }

        builder.Append(template, position, template.Length - position);
        return builder.ToString();
    }

    private static string Value(ReadOnlySpan<char> name, TemplateValues values, string template)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new InvalidOperationException($"Bad placeholder in template \"{template}\".");
        }

        var capitalize = char.IsUpper(name[0]);
        Span<char> lower = stackalloc char[name.Length];
        name.CopyTo(lower);
        lower[0] = char.ToLowerInvariant(lower[0]);

        var value = values.Resolve(lower)
            ?? throw new InvalidOperationException($"Placeholder {{{name}}} has no value in template \"{template}\".");
        return capitalize ? TextShaping.CapitalizeFirst(value) : value;
    }
}
