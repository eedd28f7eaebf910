namespace ScriptService.Generation.Offline;

/// <summary>The tones the offline generator can write in; unknown requested styles fall back to <see cref="Informative"/>.</summary>
internal enum ScriptStyle
{
    Informative,
    Casual,
    Humorous,
    Formal,
    Inspirational,
    Storytelling,
}
