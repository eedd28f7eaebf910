using System.Text;

namespace ScriptService.Generation.Offline;

/// <summary>Small string helpers shared by the composer: client text arrives with arbitrary spacing and length.</summary>
internal static class TextShaping
{
    private static readonly char[] EndPunctuation = [' ', '.', ',', ';', ':', '!', '?', '-', '–', '—', '…'];

    private static readonly char[] Quotes = ['"', '\'', '“', '”', '‘', '’', '«', '»', ' '];

    /// <summary>Trims and turns every whitespace run (newlines and tabs included) into one space, so client text cannot break the layout.</summary>
    public static string CollapseWhitespace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        if (IsCollapsed(text))
        {
            // The usual case (a topic typed on one line): nothing to change, so nothing to copy.
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Whether <see cref="CollapseWhitespace"/> would return the text unchanged: single spaces between words, none at the ends.</summary>
    private static bool IsCollapsed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsWhiteSpace(c) || char.IsControl(c)) && (c != ' ' || i == 0 || i == text.Length - 1 || text[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Upper-cases the first letter, in place, for sentence starts and titles; the rest is the client's spelling and
    /// stays. Only punctuation may come before that letter: a digit or symbol first leaves the text as it is.
    /// </summary>
    public static void CapitalizeFirst(Span<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetter(text[i]))
            {
                text[i] = char.ToUpperInvariant(text[i]);
                return;
            }

            if (!char.IsPunctuation(text[i]))
            {
                return;
            }
        }
    }

    /// <summary>Keeps at most <paramref name="maxWords"/> words of single-spaced text.</summary>
    public static string TruncateWords(string text, int maxWords, out bool truncated)
    {
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && ++words == maxWords)
            {
                truncated = true;
                return text[..i];
            }
        }

        truncated = false;
        return text;
    }

    /// <summary>Keeps at most <paramref name="maxChars"/> characters, cutting at a space and marking the cut with an ellipsis.</summary>
    public static string TruncateAtWord(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars);
        var kept = cut > 0 ? text[..cut] : text[..maxChars];
        return TrimEndPunctuation(kept) + "…";
    }

    /// <summary>Removes trailing sentence and clause punctuation, so client text can be embedded mid-sentence.</summary>
    public static string TrimEndPunctuation(string text) => text.TrimEnd(EndPunctuation);

    /// <summary>Removes quotation marks around the whole text; the templates add their own.</summary>
    public static string TrimQuotes(string text) => text.Trim(Quotes);

    /// <summary>Joins items as a spoken list: "a, b and c" (the separators come from the phrasebook).</summary>
    public static string JoinList(IReadOnlyList<string> items, string separator, string lastSeparator)
    {
        if (items.Count == 0)
        {
            return string.Empty;
        }

        if (items.Count == 1)
        {
            return items[0];
        }

        var builder = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(i == items.Count - 1 ? lastSeparator : separator);
            }

            builder.Append(items[i]);
        }

        return builder.ToString();
    }
}
