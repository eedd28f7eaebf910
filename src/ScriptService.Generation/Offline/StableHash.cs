namespace ScriptService.Generation.Offline;

/// <summary>
/// FNV-1a over UTF-16 code units. <see cref="string.GetHashCode()"/> is randomized per process, so it cannot seed
/// choices that must be identical across runs and machines; this can.
/// </summary>
internal static class StableHash
{
    public const uint Seed = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Folds <paramref name="value"/> into <paramref name="hash"/>, followed by a separator so ("ab","c") and ("a","bc") differ.</summary>
    public static uint Add(uint hash, string? value) => Add(hash, value.AsSpan());

    /// <inheritdoc cref="Add(uint, string?)"/>
    public static uint Add(uint hash, ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            hash = (hash ^ c) * Prime;
        }

        return (hash ^ 0xFFFF) * Prime;
    }

    /// <summary>Spreads the bits of a combined value (FNV's low bits are weak) before it is reduced modulo a small count.</summary>
    public static uint Mix(uint value)
    {
        value ^= value >> 16;
        value *= 0x7FEB352D;
        value ^= value >> 15;
        value *= 0x846CA68B;
        value ^= value >> 16;
        return value;
    }
}
