using System.Buffers.Binary;
using System.Text;

namespace TestUtilities;

/// <summary>Builds the bytes a client puts on the wire (RFC 6455 section 5.2), rule-breaking ones included.</summary>
public static class ClientFrame
{
    public const int OpContinuation = 0x0;
    public const int OpText = 0x1;
    public const int OpBinary = 0x2;
    public const int OpClose = 0x8;
    public const int OpPing = 0x9;
    public const int OpPong = 0xA;

    private static readonly byte[] _defaultMask = [0x37, 0xFA, 0x21, 0x3D];

    public static byte[] Build(
        int opcode,
        ReadOnlySpan<byte> payload,
        bool fin = true,
        bool masked = true,
        int rsv = 0,
        LengthForm form = LengthForm.Shortest,
        byte[]? mask = null)
    {
        mask ??= _defaultMask;
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (form == LengthForm.Bits64 || (form == LengthForm.Shortest && payload.Length > ushort.MaxValue))
        {
            frame.Add((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.AddRange(length);
        }
        else if (form == LengthForm.Bits16 || (form == LengthForm.Shortest && payload.Length >= 126))
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add((byte)(maskBit | payload.Length));
        }

        if (masked)
        {
            frame.AddRange(mask);
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add(masked ? (byte)(payload[i] ^ mask[i & 3]) : payload[i]);
        }

        return [.. frame];
    }

    public static byte[] Text(string text, bool fin = true) => Build(OpText, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Binary(byte[] data, bool fin = true) => Build(OpBinary, data, fin);

    public static byte[] Continue(string text, bool fin = true) => Build(OpContinuation, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>A close frame with a code (and reason), or with no payload at all for null.</summary>
    public static byte[] CloseWith(int? code, string reason = "") => code is null
        ? Build(OpClose, [])
            : Build(OpClose, [(byte)(code.Value >> 8), (byte)code.Value, .. Encoding.UTF8.GetBytes(reason)]);

    public static byte[] Concat(params byte[][] frames) => [.. frames.SelectMany(f => f)];
}
