using System.Buffers.Binary;
using System.Text;

namespace LoadDriver.Wire;

/// <summary>
/// Client-to-server WebSocket frames. Every frame is masked, as RFC 6455 requires, with the all-zero key: the XOR is
/// then the identity, so a frame is its payload behind a header and constant frames are encoded once.
/// </summary>
internal static class ClientFrames
{
    public const int MaxHeaderLength = 14;

    private const byte Fin = 0x80;
    private const byte Masked = 0x80;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;
    private const byte CloseOpcode = 0x8;
    private const byte PongOpcode = 0xA;

    /// <summary>Writes the header of a text frame right before <paramref name="payloadStart"/>; returns where the frame begins.</summary>
    public static int WriteTextHeader(byte[] buffer, int payloadStart, int payloadLength) =>
        WriteHeader(buffer, payloadStart, payloadLength, TextOpcode);

    /// <summary>The same for a binary frame.</summary>
    public static int WriteBinaryHeader(byte[] buffer, int payloadStart, int payloadLength) =>
        WriteHeader(buffer, payloadStart, payloadLength, BinaryOpcode);

    public static byte[] Text(string text) => Encode(TextOpcode, Encoding.UTF8.GetBytes(text));

    public static byte[] Binary(ReadOnlySpan<byte> data) => Encode(BinaryOpcode, data);

    /// <summary>A close frame with status 1000 (normal closure).</summary>
    public static byte[] Close() => Encode(CloseOpcode, [0x03, 0xE8]);

    public static byte[] Pong(ReadOnlySpan<byte> payload) => Encode(PongOpcode, payload);

    private static byte[] Encode(byte opcode, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[MaxHeaderLength + payload.Length];
        payload.CopyTo(buffer.AsSpan(MaxHeaderLength));
        var start = WriteHeader(buffer, MaxHeaderLength, payload.Length, opcode);
        return buffer.AsSpan(start).ToArray();
    }

    private static int WriteHeader(byte[] buffer, int payloadStart, int payloadLength, byte opcode)
    {
        var extended = payloadLength <= 125 ? 0 : payloadLength <= ushort.MaxValue ? 2 : 8;
        var start = payloadStart - 2 - extended - 4;
        var header = buffer.AsSpan(start, payloadStart - start);
        header[0] = (byte)(Fin | opcode);
        switch (extended)
        {
            case 0:
                header[1] = (byte)(Masked | payloadLength);
                break;
            case 2:
                header[1] = Masked | 126;
                BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payloadLength);
                break;
            default:
                header[1] = Masked | 127;
                BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payloadLength);
                break;
        }

        header[^4..].Clear();
        return start;
    }
}
