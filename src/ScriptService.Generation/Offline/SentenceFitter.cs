namespace ScriptService.Generation.Offline;

/// <summary>
/// The first half of the "polish" stage: keeps every required sentence, then adds optional ones rank by rank until
/// the body reaches the middle of its word range, never passing the top. A rank is taken whole when it fits, so every
/// section grows alike instead of the first sections taking all the room; otherwise sentences are added in reading
/// order until the target is reached.
/// </summary>
internal static class SentenceFitter
{
    public static ScriptDraft Fit(ScriptDraft draft, WordRange range)
    {
        // The reference list is not body, but when it is short the whole script should still fit the range, so the
        // body makes room for it, down to a floor a quarter of the way into the range.
        var floor = range.Min + ((range.Max - range.Min) / 4);
        var max = Math.Max(floor, range.Max - draft.ReferenceWords);
        var target = Math.Clamp(range.Target - draft.ReferenceWords, floor, max);

        // A whole rank may overshoot the target up to here, halfway to the top: balance matters, but so does the
        // headroom that keeps a wordier topic inside the range.
        var ceiling = target + ((max - target) / 2);

        var blocks = draft.Blocks;
        var kept = new bool[blocks.Count][];
        var total = 0;
        var candidates = new List<(int Rank, int Block, int Sentence)>();
        for (var b = 0; b < blocks.Count; b++)
        {
            var sentences = blocks[b].Sentences;
            kept[b] = new bool[sentences.Count];
            total += blocks[b].HeadingWords;
            for (var s = 0; s < sentences.Count; s++)
            {
                if (sentences[s].Rank == DraftSentence.Required)
                {
                    kept[b][s] = true;
                    total += sentences[s].Words;
                }
                else
                {
                    candidates.Add((sentences[s].Rank, b, s));
                }
            }
        }

        // Rank first, then reading order: every section gets its first unit before any gets its second.
        candidates.Sort();

        // Once a block skips a sentence it takes no later one, so a kept unit never lacks the unit it builds on.
        var closed = new bool[blocks.Count];
        for (var start = 0; start < candidates.Count && total < target;)
        {
            var end = start;
            var roundWords = 0;
            while (end < candidates.Count && candidates[end].Rank == candidates[start].Rank)
            {
                var (_, b, s) = candidates[end++];
                roundWords += closed[b] ? 0 : blocks[b].Sentences[s].Words;
            }

            // The whole rank fits under the ceiling: take it, even past the target, to keep the sections balanced.
            var whole = total + roundWords <= ceiling;
            for (var i = start; i < end && (whole || total < target); i++)
            {
                var (_, b, s) = candidates[i];
                if (closed[b])
                {
                    continue;
                }

                var words = blocks[b].Sentences[s].Words;
                if (total + words > max)
                {
                    closed[b] = true;
                    continue;
                }

                kept[b][s] = true;
                total += words;
            }

            start = end;
        }

        var fitted = new DraftBlock[blocks.Count];
        for (var b = 0; b < blocks.Count; b++)
        {
            var sentences = new List<DraftSentence>(blocks[b].Sentences.Count);
            for (var s = 0; s < blocks[b].Sentences.Count; s++)
            {
                if (kept[b][s])
                {
                    sentences.Add(blocks[b].Sentences[s]);
                }
            }

            fitted[b] = blocks[b] with { Sentences = sentences };
        }

        return draft with { Blocks = fitted };
    }
}
