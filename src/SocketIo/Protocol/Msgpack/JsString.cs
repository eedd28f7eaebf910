using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// Writes a string value as <c>JSON.stringify</c> does: only <c>"</c>, <c>\</c> and control characters escaped (short
/// forms where JSON has them, else <c>\u00xx</c> in lower case); U+2028, U+2029, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>
/// and non-ASCII text as they are. System.Text.Json's encoders escape some of those, which would change the bytes
/// clients get compared with a Node server.
/// </summary>
internal static class JsString
{
    private static readonly SearchValues<byte> _needsEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(static b => (byte)b), (byte)'"', (byte)'\\']);

    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // As Buffer.toString("utf8") does in notepack: invalid sequences become U+FFFD.
            utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        }

        var buffer = new ArrayBufferWriter<byte>(utf8.Length + 2);
        buffer.Write("\""u8);
        while (!utf8.IsEmpty)
        {
            var next = utf8.IndexOfAny(_needsEscape);
            if (next < 0)
            {
                buffer.Write(utf8);
                break;
            }

            buffer.Write(utf8[..next]);
            var c = utf8[next];
            switch (c)
            {
                case (byte)'"':
                    buffer.Write("\\\""u8);
                    break;
                case (byte)'\\':
                    buffer.Write("\\\\"u8);
                    break;
                case (byte)'\b':
                    buffer.Write("\\b"u8);
                    break;
                case (byte)'\f':
                    buffer.Write("\\f"u8);
                    break;
                case (byte)'\n':
                    buffer.Write("\\n"u8);
                    break;
                case (byte)'\r':
                    buffer.Write("\\r"u8);
                    break;
                case (byte)'\t':
                    buffer.Write("\\t"u8);
                    break;
                default:
                    buffer.Write("\\u00"u8);
                    buffer.Write([Hex(c >> 4), Hex(c & 0xf)]);
                    break;
            }

            utf8 = utf8[(next + 1)..];
        }

        buffer.Write("\""u8);
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    private static byte Hex(int digit) => (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
}
