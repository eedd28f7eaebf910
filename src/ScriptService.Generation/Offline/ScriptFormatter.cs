namespace ScriptService.Generation.Offline;

/// <summary>
/// The second half of the "polish" stage: prints a fitted draft as Markdown-style text, one "## " heading and one
/// paragraph per block, then the reference list. Plain enough to read aloud, structured enough to render. The kept
/// sentences are rendered straight into one pooled buffer, and the script is the one string copied out of it.
/// </summary>
internal static class ScriptFormatter
{
    /// <summary>Enough for most scripts; a longer one grows the buffer.</summary>
    private const int InitialCapacity = 8192;

    public static string Format(ScriptDraft draft)
    {
        var buffer = new TextBuffer(InitialCapacity);
        try
        {
            var sentences = draft.Sentences;
            var kept = draft.Kept;
            for (var b = 0; b < draft.Blocks.Length; b++)
            {
                AppendHeading(ref buffer, draft.Blocks[b].Heading);
                var first = true;
                var (start, count) = draft.SentencesOf(b).GetOffsetAndLength(sentences.Length);
                for (var i = start; i < start + count; i++)
                {
                    if (!kept[i])
                    {
                        continue;
                    }

                    if (!first)
                    {
                        buffer.Append(' ');
                    }

                    sentences[i].Template.RenderTo(ref buffer, sentences[i].Values);
                    first = false;
                }

                buffer.Append('\n');
            }

            if (draft.ReferencesHeading is not null)
            {
                AppendHeading(ref buffer, draft.ReferencesHeading);
                for (var i = 0; i < draft.References.Count; i++)
                {
                    buffer.Append(draft.References[i]);
                    buffer.Append('\n');
                }
            }

            return new string(buffer.Written.TrimEnd('\n'));
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void AppendHeading(ref TextBuffer buffer, string heading)
    {
        if (buffer.Written.Length > 0)
        {
            buffer.Append('\n');
        }

        buffer.Append("## ");
        buffer.Append(heading);
        buffer.Append('\n');
    }
}
