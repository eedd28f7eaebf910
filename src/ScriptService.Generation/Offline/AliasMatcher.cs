using System.Globalization;
using System.Text;
using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Generation.Offline;

/// <summary>
/// Matches a client's free-text style or audience against every phrasebook's aliases: first the whole text, then any
/// alias found as whole words inside it ("high school students" is students). The result never depends on
/// dictionary order or culture, so it is deterministic.
/// </summary>
internal static class AliasMatcher
{
    /// <summary>Lower case, punctuation turned into spaces, single-spaced: "Story-Telling!" becomes "story telling".</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Combining marks stay: decomposed Vietnamese must keep its tones to match anything.
            var keep = char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
            builder.Append(keep ? char.ToLowerInvariant(c) : ' ');
        }

        return TextShaping.CollapseWhitespace(builder.ToString());
    }

    public static bool TryMatch<T>(string normalized, Func<Phrasebook, IReadOnlyList<KeyValuePair<string, T>>> aliasesOf, out T value)
    {
        if (normalized.Length > 0)
        {
            foreach (var phrasebook in PhrasebookRegistry.All)
            {
                foreach (var alias in aliasesOf(phrasebook))
                {
                    if (string.Equals(alias.Key, normalized, StringComparison.Ordinal))
                    {
                        value = alias.Value;
                        return true;
                    }
                }
            }

            // No exact match: the alias that appears earliest wins ("parents of young children" is for parents),
            // and at the same position the longer alias ("người mới bắt đầu" over "người mới").
            var padded = " " + normalized + " ";
            var bestIndex = int.MaxValue;
            var bestLength = 0;
            var found = false;
            value = default!;
            foreach (var phrasebook in PhrasebookRegistry.All)
            {
                foreach (var alias in aliasesOf(phrasebook))
                {
                    var index = padded.IndexOf(" " + alias.Key + " ", StringComparison.Ordinal);
                    if (index >= 0 && (index < bestIndex || (index == bestIndex && alias.Key.Length > bestLength)))
                    {
                        (bestIndex, bestLength, value, found) = (index, alias.Key.Length, alias.Value, true);
                    }
                }
            }

            if (found)
            {
                return true;
            }
        }

        value = default!;
        return false;
    }
}
