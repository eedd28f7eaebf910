namespace ScriptService.Generation.Offline;

/// <summary>
/// The body word range of each <see cref="ScriptLength"/>, counted by whitespace. Roughly 130-160 spoken words a
/// minute: short is a 1-2 minute clip, medium 3-4 minutes, long 6-9 minutes.
/// </summary>
internal static class ScriptWordRanges
{
    public const int ShortMinWords = 120;
    public const int ShortMaxWords = 250;
    public const int MediumMinWords = 350;
    public const int MediumMaxWords = 600;
    public const int LongMinWords = 800;
    public const int LongMaxWords = 1300;

    public static WordRange For(ScriptLength length) => length switch
    {
        ScriptLength.Short => new WordRange(ShortMinWords, ShortMaxWords),
        ScriptLength.Medium => new WordRange(MediumMinWords, MediumMaxWords),
        ScriptLength.Long => new WordRange(LongMinWords, LongMaxWords),
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Unknown script length."),
    };
}
