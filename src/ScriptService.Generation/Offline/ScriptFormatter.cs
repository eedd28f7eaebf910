using System.Text;

namespace ScriptService.Generation.Offline;

/// <summary>
/// The second half of the "polish" stage: prints a fitted draft as Markdown-style text, one "## " heading and one
/// paragraph per block, then the reference list. Plain enough to read aloud, structured enough to render.
/// </summary>
internal static class ScriptFormatter
{
    public static string Format(ScriptDraft draft)
    {
        var builder = new StringBuilder(8192);
        foreach (var block in draft.Blocks)
        {
            AppendHeading(builder, block.Heading);
            for (var i = 0; i < block.Sentences.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(block.Sentences[i].Text);
            }

            builder.Append('\n');
        }

        if (draft.ReferencesHeading is not null)
        {
            AppendHeading(builder, draft.ReferencesHeading);
            foreach (var line in draft.References)
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static void AppendHeading(StringBuilder builder, string heading)
    {
        if (builder.Length > 0)
        {
            builder.Append('\n');
        }

        builder.Append("## ").Append(heading).Append('\n');
    }
}
