using System.Buffers.Text;
using SharedSource;

namespace EngineIo.Tests.SharedSource;

/// <summary>Ids kept as numbers: the text is the reference's 20 base64url characters, and parsing gives back the same id.</summary>
public sealed class PackedIdTests
{
    [Fact]
    public void New_TextIsTwentyBase64UrlCharacters_ParsesBackToTheSameId()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var id = PackedId.New();
            var text = id.ToString();

            Assert.Equal(PackedId.TextLength, text.Length);
            Assert.True(Base64Url.IsValid(text));
            Assert.False(id.IsNone);
            Assert.True(PackedId.TryParse(text, out var parsed));
            Assert.Equal(id, parsed);
            Assert.Equal(id.GetHashCode(), parsed.GetHashCode());
            Assert.Equal(text, parsed.ToString());
            Assert.True(seen.Add(text));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAA AAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAA+/")]
    [InlineData("AAAAAAAAAAAAAAAAAAA\u00e9")]
    public void TryParse_NotAnIdsText_False(string text)
    {
        Assert.False(PackedId.TryParse(text, out var id));
        Assert.True(id.IsNone);
    }

    [Fact]
    public void Default_IsNone()
    {
        Assert.True(default(PackedId).IsNone);
        Assert.NotEqual(default, PackedId.New());
    }
}
