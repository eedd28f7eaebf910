using System.Diagnostics;

namespace ScriptService.Generation.Offline;

/// <summary>
/// The first half of the "polish" stage: keeps every required sentence, then adds optional ones rank by rank until
/// the body reaches the middle of its word range, never passing the top. A rank is taken whole when it fits, so every
/// section grows alike instead of the first sections taking all the room; otherwise sentences are added in reading
/// order until the target is reached.
/// </summary>
internal static class SentenceFitter
{
    /// <summary>Candidates are sorted as one int each: the rank above these bits, the sentence's index below.</summary>
    private const int IndexBits = 16;

    /// <summary>Drafts are a few dozen sentences; beyond this the scratch space comes from the heap instead of the stack.</summary>
    private const int MaxStackSentences = 256;

    /// <summary>Marks the sentences to keep in <see cref="ScriptDraft.Kept"/>.</summary>
    public static void Fit(ScriptDraft draft, WordRange range)
    {
        // The reference list is not body, but when it is short the whole script should still fit the range, so the
        // body makes room for it, down to a floor a quarter of the way into the range.
        var referenceWords = draft.ReferenceWords;
        var floor = range.Min + ((range.Max - range.Min) / 4);
        var max = Math.Max(floor, range.Max - referenceWords);
        var target = Math.Clamp(range.Target - referenceWords, floor, max);

        // A whole rank may overshoot the target up to here, halfway to the top: balance matters, but so does the
        // headroom that keeps a wordier topic inside the range.
        var ceiling = target + ((max - target) / 2);

        var sentences = draft.Sentences;
        var kept = draft.ResetKept();
        var total = 0;
        foreach (var block in draft.Blocks)
        {
            total += block.HeadingWords;
        }

        Span<int> candidates = sentences.Length <= MaxStackSentences ? stackalloc int[sentences.Length] : new int[sentences.Length];
        var candidateCount = 0;
        for (var i = 0; i < sentences.Length; i++)
        {
            if (sentences[i].Rank == DraftSentence.Required)
            {
                kept[i] = true;
                total += sentences[i].Words;
            }
            else
            {
                Debug.Assert(i < 1 << IndexBits && sentences[i].Rank < 1 << (31 - IndexBits), "A rank or index too large to sort as one int.");
                candidates[candidateCount++] = (sentences[i].Rank << IndexBits) | i;
            }
        }

        // Rank first, then reading order: every section gets its first unit before any gets its second.
        candidates = candidates[..candidateCount];
        candidates.Sort();

        // Once a block skips a sentence it takes no later one, so a kept unit never lacks the unit it builds on.
        Span<bool> closed = draft.Blocks.Length <= MaxStackSentences ? stackalloc bool[draft.Blocks.Length] : new bool[draft.Blocks.Length];
        for (var start = 0; start < candidates.Length && total < target;)
        {
            var rank = RankOf(candidates[start]);
            var end = start;
            var roundWords = 0;
            while (end < candidates.Length && RankOf(candidates[end]) == rank)
            {
                var sentence = sentences[IndexOf(candidates[end++])];
                roundWords += closed[sentence.Block] ? 0 : sentence.Words;
            }

            // The whole rank fits under the ceiling: take it, even past the target, to keep the sections balanced.
            var whole = total + roundWords <= ceiling;
            for (var c = start; c < end && (whole || total < target); c++)
            {
                var index = IndexOf(candidates[c]);
                var sentence = sentences[index];
                if (closed[sentence.Block])
                {
                    continue;
                }

                if (total + sentence.Words > max)
                {
                    closed[sentence.Block] = true;
                    continue;
                }

                kept[index] = true;
                total += sentence.Words;
            }

            start = end;
        }
    }

    private static int RankOf(int candidate) => candidate >> IndexBits;

    private static int IndexOf(int candidate) => candidate & ((1 << IndexBits) - 1);
}
