namespace LoadDriver.Stats;

/// <summary>A growable list of samples (microseconds) owned by one writer at a time.</summary>
internal sealed class IntList(int capacity)
{
    private int[] _items = new int[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public ReadOnlySpan<int> AsSpan() => _items.AsSpan(0, Count);

    public void Add(int value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<int> values)
    {
        if (Count + values.Length > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_items.Length * 2, Count + values.Length));
        }

        values.CopyTo(_items.AsSpan(Count));
        Count += values.Length;
    }

    public int[] ToArray() => AsSpan().ToArray();

    /// <summary>Sorts in place and returns the sorted samples.</summary>
    public ReadOnlySpan<int> Sort()
    {
        var span = _items.AsSpan(0, Count);
        span.Sort();
        return span;
    }
}
