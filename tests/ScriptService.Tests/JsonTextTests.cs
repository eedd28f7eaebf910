using System.Text.Json;

namespace ScriptService.Tests;

/// <summary><see cref="JsonText.TryGetString"/>: agrees with <see cref="JsonElement.GetString"/> and never throws.</summary>
public sealed class JsonTextTests
{
    /// <summary>Pieces of JSON string content: escapes of every kind, surrogates alone and in pairs, plain UTF-8.</summary>
    private static readonly string[] _pieces =
    [
        "a", "é", "😀", @"\ud800", @"\udbff", @"\udc00", @"\udfff", @"\ud83d\ude00", @"\\", @"\""", @"\n", @"\/", @"\u0041", @"\\ud800",
    ];

    [Fact]
    public void TryGetString_EveryStringOfUpToThreePieces_AgreesWithGetString()
    {
        var checkedCount = 0;
        foreach (var content in Combinations(3))
        {
            using var document = JsonDocument.Parse("\"" + content + "\"");
            var value = document.RootElement;
            string? expected;
            try
            {
                expected = value.GetString();
            }
            catch (InvalidOperationException)
            {
                expected = null;
            }

            var read = JsonText.TryGetString(value, out var text);

            Assert.True(read == (expected is not null), $"\"{content}\": TryGetString said {read}, GetString {(expected is null ? "threw" : "read it")}");
            Assert.Equal(expected, text);
            checkedCount++;
        }

        Assert.True(checkedCount > 2000);
    }

    [Fact]
    public void TryGetString_NotAString_Throws()
    {
        using var document = JsonDocument.Parse("42");
        Assert.Throws<ArgumentException>(() => JsonText.TryGetString(document.RootElement, out _));
    }

    private static IEnumerable<string> Combinations(int maxPieces)
    {
        IEnumerable<string> level = [""];
        var all = new List<string> { "" };
        for (var n = 1; n <= maxPieces; n++)
        {
            level = [.. level.SelectMany(prefix => _pieces.Select(piece => prefix + piece))];
            all.AddRange(level);
        }

        return all;
    }
}
