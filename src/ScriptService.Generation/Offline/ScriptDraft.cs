using System.Runtime.InteropServices;

namespace ScriptService.Generation.Offline;

/// <summary>
/// A script being written: the body blocks with their candidate sentences in reading order (one flat list, each
/// block a run of it), which of them the fitter kept, and the reference list that follows the body.
/// </summary>
/// <remarks>
/// Every job writes one, so the generator reuses them: <see cref="Rent"/> takes the calling thread's spare draft (or a
/// new one) and <see cref="Return"/> clears it and keeps it for the thread's next script. Not thread-safe; a draft
/// belongs to one generation at a time (a progress callback that starts another generation gets another draft).
/// </remarks>
internal sealed class ScriptDraft
{
    [ThreadStatic]
    private static ScriptDraft? t_spare;

    private readonly List<DraftBlock> _blocks = new(10);
    private readonly List<DraftSentence> _sentences = new(96);
    private readonly List<string> _references = [];
    private bool[] _kept = new bool[96];

    public static ScriptDraft Rent()
    {
        var draft = t_spare ?? new ScriptDraft();
        t_spare = null;
        return draft;
    }

    /// <summary>Clears the draft (it holds the request's text) and keeps it for this thread's next script.</summary>
    public void Return()
    {
        _blocks.Clear();
        _sentences.Clear();
        _references.Clear();
        ReferencesHeading = null;
        t_spare = this;
    }

    public ReadOnlySpan<DraftBlock> Blocks => CollectionsMarshal.AsSpan(_blocks);

    public ReadOnlySpan<DraftSentence> Sentences => CollectionsMarshal.AsSpan(_sentences);

    /// <summary>Which sentences the fitter kept, by index into <see cref="Sentences"/>.</summary>
    public ReadOnlySpan<bool> Kept => _kept.AsSpan(0, _sentences.Count);

    /// <summary>The reference list's heading; null when there are no sources.</summary>
    public string? ReferencesHeading { get; private set; }

    /// <summary>The reference lines ("[1] ..."); empty when there are no sources.</summary>
    public IReadOnlyList<string> References => _references;

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
            foreach (var line in _references)
            {
                words += WordCounter.Count(line);
            }

            return words;
        }
    }

    /// <summary>Starts a block; the sentences added next belong to it.</summary>
    public void AddBlock(string heading) => _blocks.Add(new DraftBlock(heading, 1 + WordCounter.Count(heading), _sentences.Count));

    /// <summary>Adds a sentence to the last block, counting its words now (the fitter needs them; the text waits).</summary>
    public void Add(Template template, TemplateValues values, int rank)
    {
        if (_blocks.Count == 0)
        {
            throw new InvalidOperationException("A sentence needs a block to belong to.");
        }

        _sentences.Add(new DraftSentence(template, values, rank, template.ShapeWith(values).Words, _blocks.Count - 1));
    }

    public void AddReference(string heading, string line)
    {
        ReferencesHeading = heading;
        _references.Add(line);
    }

    /// <summary>The indexes in <see cref="Sentences"/> of block <paramref name="block"/>'s sentences.</summary>
    public Range SentencesOf(int block) =>
        _blocks[block].FirstSentence..(block + 1 < _blocks.Count ? _blocks[block + 1].FirstSentence : _sentences.Count);

    /// <summary>Marks every sentence dropped, for the fitter to keep the ones it chooses.</summary>
    public Span<bool> ResetKept()
    {
        if (_kept.Length < _sentences.Count)
        {
            _kept = new bool[_sentences.Count];
        }

        var kept = _kept.AsSpan(0, _sentences.Count);
        kept.Clear();
        return kept;
    }
}
