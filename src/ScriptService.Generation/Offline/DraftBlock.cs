namespace ScriptService.Generation.Offline;

/// <summary>A headed paragraph of the script: the opening, a section or the close.</summary>
/// <param name="Heading">The heading text, printed after "## ".</param>
/// <param name="Sentences">The candidate sentences in reading order.</param>
internal sealed record DraftBlock(string Heading, IReadOnlyList<DraftSentence> Sentences)
{
    /// <summary>The heading's words as printed ("##" counts as one).</summary>
    public int HeadingWords => 1 + WordCounter.Count(Heading);
}
