using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocketIo.Protocol;

/// <summary>
/// Splices a recovery offset into an encoded event as its last argument. The one place that knows the text layout
/// for it: <c>&lt;header&gt;[name, ...args]</c>, the argument array last, so the offset goes before its closing bracket.
/// </summary>
internal static class PacketOffsets
{
    public static byte[] Append(ReadOnlySpan<byte> text, string offset)
    {
        var close = text.LastIndexOf((byte)']');
        var open = text.IndexOf((byte)'[');
        if (close < 0 || open < 0 || open >= close || text[(close + 1)..].Trim(" \t\r\n"u8).Length != 0)
        {
            throw new InvalidOperationException("Only an event packet, whose text ends with its argument array, can carry an offset.");
        }

        // The offsets given here are digits, which need no escaping: they are written as they are, without an
        // encoder's copy per packet.
        var digits = IsDigits(offset);
        var encoded = digits ? default : JsonEncodedText.Encode(offset, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var encodedLength = digits ? offset.Length : encoded.Length;
        var empty = text[(open + 1)..close].Trim(" \t\r\n"u8).IsEmpty;
        var extra = (empty ? 0 : 1) + 2 + encodedLength;
        var result = GC.AllocateUninitializedArray<byte>(close + extra + (text.Length - close));
        text[..close].CopyTo(result);
        var position = close;
        if (!empty)
        {
            result[position++] = (byte)',';
        }

        result[position++] = (byte)'"';
        if (digits)
        {
            var written = Encoding.ASCII.GetBytes(offset, result.AsSpan(position));
            Debug.Assert(written == encodedLength, "Digits are one byte each.");
        }
        else
        {
            encoded.CopyTo(result.AsSpan(position));
        }

        position += encodedLength;
        result[position++] = (byte)'"';
        text[close..].CopyTo(result.AsSpan(position));
        return result;
    }

    private static bool IsDigits(string offset) => offset.Length > 0 && !offset.AsSpan().ContainsAnyExceptInRange('0', '9');
}
