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

        // Indexed rather than foreach: an interface's enumerator would be allocated on every job.
        for (var i = 0; i < All.Count; i++)
        {
            if (code.Equals(All[i].Language, StringComparison.OrdinalIgnoreCase))
            {
                phrasebook = All[i];
                return true;
            }
        }

        phrasebook = null;
        return false;
    }
}
