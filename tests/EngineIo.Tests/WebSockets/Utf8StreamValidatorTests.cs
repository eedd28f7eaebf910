using System.Text.Unicode;
using EngineIo.WebSockets;

namespace EngineIo.Tests.WebSockets;

/// <summary>The incremental validator agrees with <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> on whole texts, however they are cut.</summary>
public sealed class Utf8StreamValidatorTests
{
    /// <summary>Characters of every length, the boundaries of each range, and the bytes around the forbidden ones.</summary>
    private static readonly byte[] _alphabet =
        [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF];

    [Fact]
    public void TryAppend_RandomBytesCutEverywhere_AgreesWithUtf8IsValid()
    {
        var random = new Random(6455);
        var validSeen = 0;
        for (var n = 0; n < 20_000; n++)
        {
            // Mostly whole characters of every length, with now and then a byte from the alphabet of edge cases.
            var text = new List<byte>();
            while (text.Count < random.Next(1, 10))
            {
                if (random.Next(4) == 0)
                {
                    text.Add(_alphabet[random.Next(_alphabet.Length)]);
                    continue;
                }

                var codePoint = random.Next(4) switch
                {
                    0 => random.Next(0, 0x80),
                    1 => random.Next(0x80, 0x800),
                    2 => random.Next(0x800, 0x10000),
                    _ => random.Next(0x10000, 0x110000),
                };
                if (codePoint is < 0xD800 or > 0xDFFF)
                {
                    text.AddRange(System.Text.Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)));
                }
            }

            var bytes = text.ToArray();
            var expected = Utf8.IsValid(bytes);
            validSeen += expected ? 1 : 0;
            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                var validator = default(Utf8StreamValidator);
                var actual = validator.TryAppend(bytes.AsSpan(0, cut)) && validator.TryAppend(bytes.AsSpan(cut)) && validator.IsComplete;
                Assert.True(expected == actual, $"{Convert.ToHexString(bytes)} cut at {cut}: expected {expected}");
            }
        }

        Assert.InRange(validSeen, 2_000, 18_000);
    }

    [Fact]
    public void TryAppend_ByteAtATime_FailsAtTheFirstImpossibleByte()
    {
        byte[] text = [0x61, 0xE2, 0x9C, 0x93, 0xED, 0xA0];
        var validator = default(Utf8StreamValidator);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(validator.TryAppend(text.AsSpan(i, 1)), $"byte {i}");
        }

        Assert.False(validator.IsComplete);
        Assert.False(validator.TryAppend(text.AsSpan(5, 1)));
    }
}
