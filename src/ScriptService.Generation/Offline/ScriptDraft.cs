namespace ScriptService.Generation.Offline;

/// <summary>A script before or after fitting: the body blocks, and the reference list that follows them.</summary>
/// <param name="Blocks">Opening, sections and close.</param>
/// <param name="ReferencesHeading">The reference list's heading; null when there are no sources.</param>
/// <param name="References">The reference lines ("[1] ..."); empty when there are no sources.</param>
internal sealed record ScriptDraft(IReadOnlyList<DraftBlock> Blocks, string? ReferencesHeading, IReadOnlyList<string> References)
{
    /// <summary>
    /// The reference list's words. The list is not part of the spoken body, and its size is the client's, so it does
    /// not count against the body's range; the fitter still shrinks the body to make room for it when it can.
    /// </summary>
    public int ReferenceWords
    {
        get
        {
            if (ReferencesHeading is null)
            {
                return 0;
            }

            var words = 1 + WordCounter.Count(ReferencesHeading);
            foreach (var line in References)
            {
                words += WordCounter.Count(line);
            }

            return words;
        }
    }
}
