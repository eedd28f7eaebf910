using System.Diagnostics.CodeAnalysis;

namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>The languages the offline generator writes. A new language is one new phrasebook and one line here.</summary>
internal static class PhrasebookRegistry
{
    public static IReadOnlyList<Phrasebook> All { get; } = [EnglishPhrasebook.Instance, VietnamesePhrasebook.Instance];

    /// <summary>Finds the phrasebook for a language code; "vi-VN" and "EN" match too.</summary>
    public static bool TryGet(string? language, [NotNullWhen(true)] out Phrasebook? phrasebook)
    {
        var code = language.AsSpan().Trim();
        var region = code.IndexOfAny('-', '_');
        if (region >= 0)
        {
            code = code[..region];
        }

        foreach (var candidate in All)
        {
            if (code.Equals(candidate.Language, StringComparison.OrdinalIgnoreCase))
            {
                phrasebook = candidate;
                return true;
            }
        }

        phrasebook = null;
        return false;
    }
}
