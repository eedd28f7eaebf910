using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ScriptService;

/// <summary>
/// Reads JSON strings that a client wrote, without throwing. JSON lets a string escape a lone UTF-16 surrogate
/// (<c>"\ud800"</c>), and the parsers accept it, but it is no text: <see cref="JsonElement.GetString"/>, and even
/// <see cref="JsonElement.ValueEquals(string)"/>, throw <see cref="InvalidOperationException"/> on it. Here such a
/// string is a value to refuse, like a wrong type.
/// </summary>
internal static class JsonText
{
    /// <summary>Gives the text of a JSON string; false if it escapes a lone surrogate or its bytes are not UTF-8.</summary>
    /// <param name="value">A JSON string (<see cref="JsonValueKind.String"/>).</param>
    /// <param name="text">The text, when the method returns true.</param>
    public static bool TryGetString(JsonElement value, [NotNullWhen(true)] out string? text)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException("The value is not a JSON string.", nameof(value));
        }

        if (EscapesLoneSurrogate(JsonMarshal.GetRawUtf8Value(value)))
        {
            text = null;
            return false;
        }

        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Bytes that are not UTF-8: the parser does not check a string's bytes, only its transcoding does. The
            // engine refuses such text on every transport, so this is for a caller that hands over other bytes.
            text = null;
            return false;
        }
    }

    /// <summary>
    /// Whether a string's raw JSON (quotes included) escapes a surrogate that is not half of a pair. Unescaped bytes are
    /// UTF-8 (or refused by <see cref="TryGetString"/>), so only <c>\uXXXX</c> escapes can name a surrogate.
    /// </summary>
    internal static bool EscapesLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        var i = raw.IndexOf((byte)'\\');
        if (i < 0)
        {
            return false;
        }

        var awaitingLow = false;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\' || i + 1 >= raw.Length || raw[i + 1] != (byte)'u')
            {
                if (awaitingLow)
                {
                    return true;
                }

                // Another escape (\" \\ \n …) is two bytes; any other byte is one.
                i += raw[i] == (byte)'\\' ? 2 : 1;
                continue;
            }

            if (i + 6 > raw.Length || !Utf8Parser.TryParse(raw.Slice(i + 2, 4), out ushort unit, out var consumed, 'X') || consumed != 4)
            {
                // Not a valid escape; the parser refuses those, so this cannot be, and nothing here would throw.
                return true;
            }

            if (awaitingLow)
            {
                if (!char.IsLowSurrogate((char)unit))
                {
                    return true;
                }

                awaitingLow = false;
            }
            else if (char.IsHighSurrogate((char)unit))
            {
                awaitingLow = true;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                return true;
            }

            i += 6;
        }

        return awaitingLow;
    }
}
