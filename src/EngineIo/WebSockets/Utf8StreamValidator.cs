using System.Text.Unicode;

namespace EngineIo.WebSockets;

/// <summary>
/// Validates UTF-8 that arrives in pieces (RFC 6455 section 8.1: a text message must be valid UTF-8, and an endpoint
/// fails the connection as soon as it is not, even mid-message). A character may be cut anywhere, by a frame boundary or
/// by a partial read; the state between pieces is one <see cref="int"/>.
/// </summary>
/// <remarks>
/// Whole characters are validated by <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, vectorized; only a character cut at
/// either end of a piece goes through the byte-at-a-time state machine, which applies the same rules (no overlong
/// forms, no surrogates, nothing above U+10FFFF) by narrowing the range the next byte may take.
/// </remarks>
internal struct Utf8StreamValidator
{
    /// <summary>0 between characters; otherwise bytes still expected (bits 0-1) and the next one's range (bits 8-23).</summary>
    private int _state;

    /// <summary>True when no character is left unfinished: a text message may end here.</summary>
    public readonly bool IsComplete => _state == 0;

    public void Reset() => _state = 0;

    /// <summary>Validates the next piece; false as soon as the text so far cannot be valid UTF-8.</summary>
    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (_state != 0)
        {
            if (i == data.Length)
            {
                return true;
            }

            if (!Step(data[i++]))
            {
                return false;
            }
        }

        data = data[i..];
        var tail = IncompleteTailLength(data);
        if (!Utf8.IsValid(data[..^tail]))
        {
            return false;
        }

        foreach (var value in data[^tail..])
        {
            if (!Step(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many bytes at the end begin a character that the piece does not finish.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> data)
    {
        for (var k = 1; k <= 3 && k <= data.Length; k++)
        {
            var value = data[^k];
            if ((value & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = value switch
            {
                >= 0xC0 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                // ASCII ends a character; an invalid lead byte is left for Utf8.IsValid to reject.
                _ => 0,
            };
            return needed > k ? k : 0;
        }

        // Three continuation bytes: either the end of a four-byte character or invalid, which Utf8.IsValid decides.
        return 0;
    }

    private bool Step(byte value)
    {
        if (_state == 0)
        {
            _state = value switch
            {
                < 0x80 => 0,
                >= 0xC2 and <= 0xDF => Expect(1, 0x80, 0xBF),
                0xE0 => Expect(2, 0xA0, 0xBF),
                0xED => Expect(2, 0x80, 0x9F),
                >= 0xE1 and <= 0xEF => Expect(2, 0x80, 0xBF),
                0xF0 => Expect(3, 0x90, 0xBF),
                >= 0xF1 and <= 0xF3 => Expect(3, 0x80, 0xBF),
                0xF4 => Expect(3, 0x80, 0x8F),
                _ => -1,
            };
            return _state >= 0;
        }

        var low = (_state >> 8) & 0xFF;
        var high = (_state >> 16) & 0xFF;
        if (value < low || value > high)
        {
            return false;
        }

        var remaining = (_state & 0x3) - 1;
        _state = remaining == 0 ? 0 : Expect(remaining, 0x80, 0xBF);
        return true;
    }

    private static int Expect(int remaining, int low, int high) => remaining | (low << 8) | (high << 16);
}
