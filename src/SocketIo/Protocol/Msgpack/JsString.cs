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

    /// <summary>Strings up to this many bytes, escaped, are put together on the stack; longer ones in a pooled array.</summary>
    private const int StackLimit = 256;

    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // As Buffer.toString("utf8") does in notepack: invalid sequences become U+FFFD.
            utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        }

        var length = EscapedLength(utf8);
        byte[]? rented = null;
        var output = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Escape(utf8, output);
            writer.WriteRawValue(output[..length], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The quoted, escaped length: two bytes for the short escapes, six for <c>\u00xx</c>.</summary>
    private static int EscapedLength(ReadOnlySpan<byte> utf8)
    {
        var length = utf8.Length + 2;
        var rest = utf8;
        int next;
        while ((next = rest.IndexOfAny(_needsEscape)) >= 0)
        {
            length += rest[next] is (byte)'"' or (byte)'\\' or (byte)'\b' or (byte)'\f' or (byte)'\n' or (byte)'\r' or (byte)'\t' ? 1 : 5;
            rest = rest[(next + 1)..];
        }

        return length;
    }

    private static void Escape(ReadOnlySpan<byte> utf8, Span<byte> output)
    {
        output[0] = (byte)'"';
        var position = 1;
        while (!utf8.IsEmpty)
        {
            var next = utf8.IndexOfAny(_needsEscape);
            if (next < 0)
            {
                utf8.CopyTo(output[position..]);
                position += utf8.Length;
                break;
            }

            utf8[..next].CopyTo(output[position..]);
            position += next;
            var c = utf8[next];
            var shortForm = c switch
            {
                (byte)'"' => (byte)'"',
                (byte)'\\' => (byte)'\\',
                (byte)'\b' => (byte)'b',
                (byte)'\f' => (byte)'f',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                (byte)'\t' => (byte)'t',
                _ => (byte)0,
            };
            output[position++] = (byte)'\\';
            if (shortForm != 0)
            {
                output[position++] = shortForm;
            }
            else
            {
                output[position++] = (byte)'u';
                output[position++] = (byte)'0';
                output[position++] = (byte)'0';
                output[position++] = Hex(c >> 4);
                output[position++] = Hex(c & 0xf);
            }

            utf8 = utf8[(next + 1)..];
        }

        output[position] = (byte)'"';
    }

    private static byte Hex(int digit) => (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
}
