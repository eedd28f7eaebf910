using System.Text;

namespace EngineIo.Protocol;

/// <summary>What protocol v3 counts and marks differently from v4, shared by its payload reader and writer.</summary>
internal static class EngineProtocolV3
{
    /// <summary>Separates a text record's length from its packet.</summary>
    public const byte LengthSeparator = (byte)':';

    /// <summary>Marks a text packet that carries binary data as base64: <c>b</c>, the type digit, then the base64.</summary>
    public const byte Base64Marker = (byte)'b';

    /// <summary>Ends a record's length in the binary payload format.</summary>
    public const byte BinaryLengthEnd = 0xff;

    /// <summary>Starts a record of the binary payload format that holds a text packet.</summary>
    public const byte TextRecord = 0;

    /// <summary>Starts a record of the binary payload format that holds a binary packet.</summary>
    public const byte BinaryRecord = 1;

    /// <summary>The type of a binary packet as its first byte: the packet type's number, not its digit.</summary>
    public const byte BinaryMessageType = (byte)EnginePacketType.Message - (byte)'0';

    /// <summary>
    /// The length of UTF-8 text as the reference counts it: in UTF-16 code units, since its payloads are JavaScript
    /// strings. The text must be valid UTF-8.
    /// </summary>
    public static int Utf16Length(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetCharCount(utf8);

    /// <summary>How many decimal digits <paramref name="value"/> takes.</summary>
    public static int DigitCount(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Whether a session asked for base64 instead of binary: the reference tests <c>b64</c> for a non-empty value.</summary>
    public static bool WantsBase64(string? b64) => !string.IsNullOrEmpty(b64);
}
