namespace ScriptService.Generation.Offline;

/// <summary>The request's topic, cleaned for embedding in sentences and titles.</summary>
internal sealed class TopicText
{
    /// <summary>
    /// Above this many words the topic is named in full only once in the body (in the hook) and referred back to
    /// afterwards; repeating a paragraph-long topic in every section would read badly and blow the word range.
    /// </summary>
    public const int LongTopicWords = 6;

    /// <summary>Titles and descriptions cut longer topics at a word boundary, so they stay headline-sized.</summary>
    public const int HeadlineMaxChars = 90;

    private TopicText(string full, string headline, bool isLong)
    {
        Full = full;
        Headline = headline;
        IsLong = isLong;
    }

    /// <summary>The whole topic, single-spaced, without wrapping quotes or trailing punctuation.</summary>
    public string Full { get; }

    /// <summary>The topic as used in the title and description.</summary>
    public string Headline { get; }

    public bool IsLong { get; }

    /// <exception cref="ScriptGenerationException">The topic has no visible text.</exception>
    public static TopicText From(string? topic)
    {
        var full = TextShaping.TrimEndPunctuation(TextShaping.TrimQuotes(TextShaping.CollapseWhitespace(topic)));
        if (full.Length == 0)
        {
            throw new ScriptGenerationException("The topic is empty.");
        }

        return new TopicText(full, TextShaping.TruncateAtWord(full, HeadlineMaxChars), WordCounter.Count(full) > LongTopicWords);
    }
}
