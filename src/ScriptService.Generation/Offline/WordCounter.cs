namespace ScriptService.Generation.Offline;

/// <summary>Counts words the way the length contract does: runs of non-whitespace characters.</summary>
internal static class WordCounter
{
    /// <summary>The first character above Latin-1 that <see cref="char.IsWhiteSpace(char)"/> accepts (OGHAM SPACE MARK).</summary>
    private const char FirstNonLatin1WhiteSpace = '\u1680';

    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Exactly <see cref="char.IsWhiteSpace(char)"/>, without its Unicode-category lookup for the letters between
    /// Latin-1 and the first other space: Vietnamese text is mostly such letters.
    /// </summary>
    public static bool IsWhiteSpace(char c) => c <= '\u00FF' ? char.IsWhiteSpace(c) : c >= FirstNonLatin1WhiteSpace && char.IsWhiteSpace(c);
}
