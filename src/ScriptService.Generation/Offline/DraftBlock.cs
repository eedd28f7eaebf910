namespace ScriptService.Generation.Offline;

/// <summary>A headed paragraph of the script: the opening, a section or the close.</summary>
/// <param name="Heading">The heading text, printed after "## ".</param>
/// <param name="HeadingWords">The heading's words as printed ("##" counts as one).</param>
/// <param name="FirstSentence">The index of its first sentence in <see cref="ScriptDraft.Sentences"/>; its sentences run to the next block's first.</param>
internal readonly record struct DraftBlock(string Heading, int HeadingWords, int FirstSentence);
