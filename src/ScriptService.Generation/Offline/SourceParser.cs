namespace ScriptService.Generation.Offline;

/// <summary>Turns the request's free-form sources into numbered references.</summary>
internal static class SourceParser
{
    /// <summary>From this many words on, a source is a passage to quote rather than a title to name.</summary>
    public const int PassageMinWords = 12;

    /// <summary>A short source needs at least this many words, and a final full stop, to read as a statement.</summary>
    public const int MinStatementWords = 5;

    /// <summary>Quotes stop here so a long passage cannot take over a section.</summary>
    public const int MaxQuoteWords = 24;

    /// <summary>Titles named in the body stop here.</summary>
    public const int MaxTitleWords = 14;

    /// <summary>Reference-list lines stop here; the list identifies a source, it does not reproduce it.</summary>
    public const int MaxListEntryWords = 40;

    /// <summary>Blank entries are dropped, so the numbering has no gaps.</summary>
    public static IReadOnlyList<SourceReference> Parse(IReadOnlyList<string>? sources)
    {
        if (sources is null || sources.Count == 0)
        {
            return [];
        }

        var references = new List<SourceReference>(sources.Count);
        foreach (var source in sources)
        {
            var text = TextShaping.CollapseWhitespace(source);
            if (text.Length == 0)
            {
                continue;
            }

            var number = references.Count + 1;
            var listEntry = Shorten(text, MaxListEntryWords);
            if (IsLink(text))
            {
                references.Add(new SourceReference(number, SourceKind.Link, text, listEntry));
            }
            else if (IsPassage(text))
            {
                references.Add(new SourceReference(number, SourceKind.Passage, QuoteFrom(text), listEntry));
            }
            else
            {
                var title = TextShaping.TrimEndPunctuation(TextShaping.TrimQuotes(text));
                references.Add(new SourceReference(number, SourceKind.Title, Shorten(title.Length > 0 ? title : text, MaxTitleWords), listEntry));
            }
        }

        return references;
    }

    /// <summary>
    /// Long text is a passage; so is a short single sentence ("Phở xuất hiện ở Nam Định đầu thế kỷ 20."), which is a
    /// claim to quote rather than a title to name. Quoted short text and text without final punctuation are titles.
    /// </summary>
    private static bool IsPassage(string text)
    {
        var words = WordCounter.Count(text);
        if (words >= PassageMinWords)
        {
            return true;
        }

        return words >= MinStatementWords
            && TextShaping.TrimQuotes(text).Length == text.Length
            && FirstSentenceEnd(text) == text.Length - 1;
    }

    private static bool IsLink(string text) =>
        !text.Contains(' ', StringComparison.Ordinal)
        && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    /// <summary>The passage's first sentence, capped, always ending in punctuation so the template can close the quote.</summary>
    private static string QuoteFrom(string passage)
    {
        var text = TextShaping.TrimQuotes(passage);
        var end = FirstSentenceEnd(text);
        var sentence = end < 0 ? text : text[..(end + 1)];
        var quote = TextShaping.TruncateWords(sentence, MaxQuoteWords, out var truncated);
        if (truncated)
        {
            return TextShaping.TrimEndPunctuation(quote) + "…";
        }

        return EndsSentence(quote) ? quote : quote + ".";
    }

    private static int FirstSentenceEnd(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' or '…' && (i == text.Length - 1 || text[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool EndsSentence(string text) => text.Length > 0 && text[^1] is '.' or '!' or '?' or '…';

    private static string Shorten(string text, int maxWords)
    {
        var kept = TextShaping.TruncateWords(text, maxWords, out var truncated);
        return truncated ? TextShaping.TrimEndPunctuation(kept) + "…" : kept;
    }
}
