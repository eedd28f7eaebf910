namespace ScriptService.Generation.Offline;

/// <summary>
/// Chooses among equivalent phrasings from a seed derived from the request, so different requests read differently
/// while the same request always reads the same.
/// </summary>
internal readonly struct VariantPicker
{
    private readonly uint _seed;

    public VariantPicker(uint seed) => _seed = seed;

    /// <summary>Picks one item; <paramref name="salt"/> keeps separate choices (hook, closing, title) independent.</summary>
    public T Pick<T>(IReadOnlyList<T> items, uint salt)
    {
        if (items.Count == 0)
        {
            throw new ArgumentException("There is nothing to pick from.", nameof(items));
        }

        return items[(int)(StableHash.Mix(_seed ^ StableHash.Mix(salt)) % (uint)items.Count)];
    }

    /// <summary>A rotation offset in [0, count), for walking a list without repeating neighbours.</summary>
    public int Offset(int count, uint salt) => count <= 0 ? 0 : (int)(StableHash.Mix(_seed ^ StableHash.Mix(salt)) % (uint)count);
}
