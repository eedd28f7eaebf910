using System.Buffers;
using System.IO.Pipelines;
using EngineIo.Internal;
using EngineIo.Protocol;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Transports;

/// <summary>
/// JSONP polling, which the reference still serves to protocol v3 clients that cannot make cross-origin XHR requests:
/// a GET is answered with the text payload as a JavaScript string in a call, <c>___eio[n]("…");</c>, and a POST is a
/// form whose field <c>d</c> holds the text payload, its newlines escaped.
/// </summary>
/// <remarks>Rare and old, so it is written for clarity rather than for allocations.</remarks>
internal static class JsonpPayload
{
    private const string ContentType = "text/plain; charset=UTF-8";
    private static readonly byte[] _foot = "\");"u8.ToArray();

    public static ValueTask<FlushResult> WriteAsync(HttpResponse response, EngineIoSession session, ReadOnlySpan<OutboundPacket> packets)
    {
        var text = new ArrayBufferWriter<byte>((int)Math.Max(PollingPayloadWriterV3.GetLength(packets, binaryFormat: false), 1));
        PollingPayloadWriterV3.Write(packets, text, binaryFormat: false);
        var head = session.ProtocolInfo.JsonpHead!;
        var length = head.Length + 1 + EscapedLength(text.WrittenSpan) + _foot.Length;
        session.Server.Metrics.PacketsSent(packets.Length, length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = length;
        response.Headers.CacheControl = "no-store";
        var output = response.BodyWriter;
        var span = output.GetSpan(length);
        head.CopyTo(span);
        span[head.Length] = (byte)'"';
        var written = Escape(text.WrittenSpan, span[(head.Length + 1)..]);
        _foot.CopyTo(span[(head.Length + 1 + written)..]);
        output.Advance(length);
        return output.FlushAsync();
    }

    /// <summary>
    /// Takes the text payload out of a POST's form body, in place: the field <c>d</c>, URL-decoded, its escaped newlines
    /// (<c>\n</c>) turned back into newlines and its escaped backslash-n (<c>\\n</c>) into a backslash-n. Empty if the
    /// body has no such field or is not valid URL encoding (then the payload is malformed).
    /// </summary>
    public static Memory<byte> DecodeBody(Memory<byte> body)
    {
        var span = body.Span;
        var start = 0;
        while (start <= span.Length)
        {
            var end = span[start..].IndexOf((byte)'&');
            end = end < 0 ? span.Length : start + end;
            var pair = span[start..end];
            if (pair.StartsWith("d="u8))
            {
                var value = body[(start + 2)..end];
                return TryUrlDecode(value.Span, out var decoded) ? value[..Unescape(value.Span[..decoded])] : Memory<byte>.Empty;
            }

            start = end + 1;
        }

        return Memory<byte>.Empty;
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c> in place; false for a malformed escape.</summary>
    private static bool TryUrlDecode(Span<byte> value, out int length)
    {
        length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    return false;
                }

                b = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }

            value[length++] = b;
        }

        return true;
    }

    /// <summary>Turns the client's <c>\n</c> back into newlines and <c>\\n</c> into <c>\n</c>, in place.</summary>
    private static int Unescape(Span<byte> value)
    {
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == (byte)'\\' && i + 2 < value.Length && value[i + 1] == (byte)'\\' && value[i + 2] == (byte)'n')
            {
                value[length++] = (byte)'\\';
                value[length++] = (byte)'n';
                i += 2;
            }
            else if (value[i] == (byte)'\\' && i + 1 < value.Length && value[i + 1] == (byte)'n')
            {
                value[length++] = (byte)'\n';
                i++;
            }
            else
            {
                value[length++] = value[i];
            }
        }

        return length;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>
    /// The length of the UTF-8 text as a JavaScript string literal's body, escaped as <c>JSON.stringify</c> escapes it,
    /// and U+2028 and U+2029 too, which JSON allows in a string but JavaScript did not.
    /// </summary>
    private static int EscapedLength(ReadOnlySpan<byte> text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escaped = EscapeOf(text, i, out var skip);
            length += escaped.IsEmpty ? 1 : escaped.Length;
            i += skip;
        }

        return length;
    }

    private static int Escape(ReadOnlySpan<byte> text, Span<byte> output)
    {
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escaped = EscapeOf(text, i, out var skip);
            if (escaped.IsEmpty)
            {
                output[written++] = text[i];
            }
            else
            {
                escaped.CopyTo(output[written..]);
                written += escaped.Length;
            }

            i += skip;
        }

        return written;
    }

    /// <summary>
    /// The escape for the byte at <paramref name="i"/> (and the bytes after it that it stands for, counted in
    /// <paramref name="skip"/>); empty if the byte is written as it is. For <see cref="EscapedLength"/>, an empty escape
    /// counts one byte.
    /// </summary>
    private static ReadOnlySpan<byte> EscapeOf(ReadOnlySpan<byte> text, int i, out int skip)
    {
        skip = 0;
        var b = text[i];
        switch (b)
        {
            case (byte)'"':
                return "\\\""u8;
            case (byte)'\\':
                return "\\\\"u8;
            case (byte)'\n':
                return "\\n"u8;
            case (byte)'\r':
                return "\\r"u8;
            case (byte)'\t':
                return "\\t"u8;
            case (byte)'\b':
                return "\\b"u8;
            case (byte)'\f':
                return "\\f"u8;
            case < 0x20:
                return _controlEscapes[b];
            case 0xe2 when i + 2 < text.Length && text[i + 1] == 0x80 && text[i + 2] is 0xa8 or 0xa9:
                skip = 2;
                return text[i + 2] == 0xa8 ? "\\u2028"u8 : "\\u2029"u8;
            default:
                return [];
        }
    }

    private static readonly byte[][] _controlEscapes = [.. Enumerable.Range(0, 0x20).Select(c => System.Text.Encoding.ASCII.GetBytes($"\\u{c:x4}"))];
}
