namespace ScriptService.Generation.Offline;

/// <summary>
/// What the word count of a concatenation needs to know about one piece: its words, and whether a word touches
/// either end (two pieces that touch there share a word). It lets a template count the words of its rendering from
/// words counted once per literal, without rendering.
/// </summary>
/// <param name="Words">Runs of non-whitespace characters in the piece.</param>
/// <param name="StartsInWord">The first character is not whitespace.</param>
/// <param name="EndsInWord">The last character is not whitespace.</param>
/// <param name="HasText">The piece is not empty (a piece of only whitespace has text, no words, and separates its neighbours).</param>
internal readonly record struct WordShape(int Words, bool StartsInWord, bool EndsInWord, bool HasText)
{
    public static WordShape Of(ReadOnlySpan<char> text) =>
        text.IsEmpty
            ? default
            : new WordShape(WordCounter.Count(text), !WordCounter.IsWhiteSpace(text[0]), !WordCounter.IsWhiteSpace(text[^1]), HasText: true);

    /// <summary>The shape of this piece followed by <paramref name="next"/>.</summary>
    public WordShape Then(WordShape next)
    {
        if (!next.HasText)
        {
            return this;
        }

        if (!HasText)
        {
            return next;
        }

        var merged = EndsInWord && next.StartsInWord ? 1 : 0;
        return new WordShape(Words + next.Words - merged, StartsInWord, next.EndsInWord, HasText: true);
    }
}
