using System.Collections.Concurrent;
using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Generation.Offline;

/// <summary>
/// Remembers which sentences the fitter kept for a shape of request, so that the next request of that shape skips
/// composing and fitting and goes straight to rendering.
/// </summary>
/// <remarks>
/// <para>
/// The fitter decides from word counts alone. Without sources and without a custom audience, every value a sentence
/// can use is fixed by the language, length, style and audience, except the topic; and which hook, closing and asides
/// are written depends on the request's seed. So the key is those, the picks, and the topic's word shape (not its
/// text): two requests that differ only in the topic's wording keep the same sentences, and only their rendering
/// differs. Requests with sources or a custom audience are not cached (their own text would enter the key).
/// </para>
/// <para>
/// Thread-safe; one per generator, which the service registers once. Bounded: after <see cref="MaxEntries"/> shapes,
/// new ones are fitted every time, as without it.
/// </para>
/// </remarks>
internal sealed class FittedScriptCache
{
    /// <summary>
    /// The benchmark's requests need a few dozen shapes; a service's varied topics a few hundred. An entry is a few
    /// dozen references, so the bound keeps the whole cache well under a megabyte.
    /// </summary>
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<Key, FittedBlock[]> _entries = new();
    private int _count;

    /// <summary>Fills the empty <paramref name="draft"/> with the kept sentences of an earlier request of the same shape, if there was one.</summary>
    public bool TryRestore(ScriptPlan plan, ScriptDraft draft)
    {
        if (!TryGetKey(plan, out var key) || !_entries.TryGetValue(key, out var blocks))
        {
            return false;
        }

        foreach (var block in blocks)
        {
            draft.AddBlock(block.Heading);
            foreach (var sentence in block.Sentences)
            {
                draft.AddKept(sentence.Template, sentence.NamesTopicInFull ? plan.HookValues : plan.Values);
            }
        }

        return true;
    }

    /// <summary>Remembers the kept sentences of a freshly fitted <paramref name="draft"/>.</summary>
    public void Store(ScriptPlan plan, ScriptDraft draft)
    {
        if (!TryGetKey(plan, out var key) || Volatile.Read(ref _count) >= MaxEntries || _entries.ContainsKey(key))
        {
            return;
        }

        var sentences = draft.Sentences;
        var kept = draft.Kept;
        var blocks = new FittedBlock[draft.Blocks.Length];
        for (var b = 0; b < blocks.Length; b++)
        {
            var (start, count) = draft.SentencesOf(b).GetOffsetAndLength(sentences.Length);
            var keptSentences = new List<FittedSentence>(count);
            for (var i = start; i < start + count; i++)
            {
                if (!kept[i])
                {
                    continue;
                }

                // Only the plan's two value sets can be rebuilt for another request; anything else (a citation's own
                // values) means this draft is not of a cacheable shape after all.
                var values = sentences[i].Values;
                if (!ReferenceEquals(values, plan.Values) && !ReferenceEquals(values, plan.HookValues))
                {
                    return;
                }

                keptSentences.Add(new FittedSentence(sentences[i].Template, NamesTopicInFull: !ReferenceEquals(values, plan.Values)));
            }

            blocks[b] = new FittedBlock(draft.Blocks[b].Heading, [.. keptSentences]);
        }

        if (_entries.TryAdd(key, blocks))
        {
            Interlocked.Increment(ref _count);
        }
    }

    private static bool TryGetKey(ScriptPlan plan, out Key key)
    {
        if (plan.Sources.Count > 0 || plan.Audience.CustomLabel is not null)
        {
            key = default;
            return false;
        }

        key = new Key(plan.Phrasebook, plan.Length, plan.Style, plan.Audience.Kind, plan.Hook, plan.Closing, plan.AsideOffset, WordShape.Of(plan.Topic.Full));
        return true;
    }

    /// <summary>Everything that decides the kept sentences of a request without sources or a custom audience.</summary>
    private readonly record struct Key(
        Phrasebook Phrasebook,
        ScriptLength Length,
        ScriptStyle Style,
        AudienceKind Audience,
        StyleHook Hook,
        Template Closing,
        int AsideOffset,
        WordShape Topic);

    private sealed record FittedBlock(string Heading, FittedSentence[] Sentences);

    /// <param name="Template">The kept sentence.</param>
    /// <param name="NamesTopicInFull">It is rendered with <see cref="ScriptPlan.HookValues"/> rather than <see cref="ScriptPlan.Values"/>.</param>
    private readonly record struct FittedSentence(Template Template, bool NamesTopicInFull);
}
