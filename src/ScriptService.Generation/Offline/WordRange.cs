namespace ScriptService.Generation.Offline;

/// <summary>An inclusive range of word counts that a script body must land in.</summary>
/// <param name="Min">The fewest words allowed.</param>
/// <param name="Max">The most words allowed.</param>
internal readonly record struct WordRange(int Min, int Max)
{
    /// <summary>The middle of the range: the fitter aims here so the body sits comfortably inside, not on an edge.</summary>
    public int Target => Min + ((Max - Min) / 2);

    public bool Contains(int words) => words >= Min && words <= Max;
}
