using System.Buffers;

namespace ScriptService.Generation.Offline;

/// <summary>
/// Text written piece by piece into a pooled array, then copied once into the result string: the script and its
/// description are built without a <see cref="System.Text.StringBuilder"/>'s chunks or intermediate strings. Pass it
/// by <c>ref</c>, and <see cref="Dispose"/> it to return the array.
/// </summary>
internal ref struct TextBuffer
{
    private char[] _array;
    private int _length;

    public TextBuffer(int capacity)
    {
        _array = ArrayPool<char>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Written => _array.AsSpan(0, _length);

    /// <summary>A span of at least <paramref name="length"/> free characters; <see cref="Advance"/> says how many were used.</summary>
    public Span<char> GetSpan(int length)
    {
        if (_array.Length - _length < length)
        {
            Grow(length);
        }

        return _array.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Append(char c)
    {
        GetSpan(1)[0] = c;
        _length++;
    }

    public void Append(string text)
    {
        text.CopyTo(GetSpan(text.Length));
        _length += text.Length;
    }

    public override readonly string ToString() => new(Written);

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }

    private void Grow(int length)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_array.Length * 2, _length + length));
        Written.CopyTo(larger);
        ArrayPool<char>.Shared.Return(_array);
        _array = larger;
    }
}
