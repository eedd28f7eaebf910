namespace ScriptService.Generation.Offline;

/// <summary>
/// The body sections a script can have. The order here is the order they appear in; later sections may refer back to
/// <see cref="KeyIdeas"/>, which every length includes.
/// </summary>
internal enum SectionKind
{
    Overview,
    WhyItMatters,
    KeyIdeas,
    Misconceptions,
    Examples,
    PracticalSteps,
    Challenges,
    FutureOutlook,
}
