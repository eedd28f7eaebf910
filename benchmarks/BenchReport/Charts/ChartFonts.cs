using ScottPlot;

namespace BenchReport.Charts;

/// <summary>
/// Picks the charts' font. The Skia build used here reads fonts from <c>/usr/share/fonts</c> itself (no fontconfig);
/// with no font there every label would silently come out blank, so that case is refused instead.
/// </summary>
internal static class ChartFonts
{
    // Sans-serif families of common Debian font packages; Skia's own default there is often a serif.
    private static readonly string[] _preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans"];

    /// <summary>False when no font is installed at all.</summary>
    public static bool TrySelect()
    {
        if (string.IsNullOrEmpty(Fonts.Default))
        {
            return false;
        }

        foreach (var name in _preferred)
        {
            // GetTypeface falls back to another family when the name is unknown, hence the check on the result.
            if (Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName == name)
            {
                Fonts.Default = name;
                break;
            }
        }

        return true;
    }
}
