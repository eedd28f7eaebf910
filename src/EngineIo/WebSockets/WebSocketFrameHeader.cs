using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EngineIo.WebSockets;

/// <summary>The header of a frame a client sent (RFC 6455 section 5.2).</summary>
internal readonly struct WebSocketFrameHeader
{
    /// <summary>Two bytes, up to eight of extended length, four of masking key.</summary>
    public const int MaxLength = 14;

    /// <summary>The largest payload a control frame may carry (section 5.5).</summary>
    public const int MaxControlPayload = 125;

    private WebSocketFrameHeader(bool fin, WebSocketOpcode opcode, long payloadLength, int mask, int length)
    {
        Fin = fin;
        Opcode = opcode;
        PayloadLength = payloadLength;
        Mask = mask;
        Length = length;
    }

    public bool Fin { get; }

    public WebSocketOpcode Opcode { get; }

    public long PayloadLength { get; }

    /// <summary>The masking key: its four bytes in wire order, read in machine order (see <see cref="WebSocketMask"/>).</summary>
    public int Mask { get; }

    /// <summary>The header's size in bytes.</summary>
    public int Length { get; }

    public bool IsControl => IsControlOpcode(Opcode);

    private static bool IsControlOpcode(WebSocketOpcode opcode) => ((byte)opcode & 0x8) != 0;

    /// <summary>
    /// Reads the header at the start of <paramref name="buffer"/>. <see cref="OperationStatus.NeedMoreData"/> while it is
    /// incomplete; <see cref="OperationStatus.InvalidData"/>, with the rule broken, as soon as the bytes that break one
    /// are there (every header violation is a protocol error, close code 1002).
    /// </summary>
    public static OperationStatus TryRead(in ReadOnlySequence<byte> buffer, out WebSocketFrameHeader header, out string? violation)
    {
        header = default;
        violation = null;
        Span<byte> bytes = stackalloc byte[MaxLength];
        var available = (int)Math.Min(buffer.Length, MaxLength);
        buffer.Slice(0, available).CopyTo(bytes);
        if (available == 0)
        {
            return OperationStatus.NeedMoreData;
        }

        var first = bytes[0];
        if ((first & 0x70) != 0)
        {
            violation = "RSV bits set, but no extension was negotiated.";
            return OperationStatus.InvalidData;
        }

        var opcode = (WebSocketOpcode)(first & 0x0F);
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary
            or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            violation = "Unknown opcode.";
            return OperationStatus.InvalidData;
        }

        var fin = (first & 0x80) != 0;
        if (IsControlOpcode(opcode) && !fin)
        {
            violation = "Fragmented control frame.";
            return OperationStatus.InvalidData;
        }

        if (available < 2)
        {
            return OperationStatus.NeedMoreData;
        }

        var second = bytes[1];
        if ((second & 0x80) == 0)
        {
            violation = "Unmasked client frame.";
            return OperationStatus.InvalidData;
        }

        var shortLength = second & 0x7F;
        if (IsControlOpcode(opcode) && shortLength > MaxControlPayload)
        {
            violation = "Control frame payload over 125 bytes.";
            return OperationStatus.InvalidData;
        }

        long payloadLength;
        int length;
        switch (shortLength)
        {
            case 126:
                length = 4;
                if (available < length)
                {
                    return OperationStatus.NeedMoreData;
                }

                payloadLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
                break;
            case 127:
                length = 10;
                if (available < length)
                {
                    return OperationStatus.NeedMoreData;
                }

                var wide = BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
                if ((wide >> 63) != 0)
                {
                    violation = "64-bit payload length with the most significant bit set.";
                    return OperationStatus.InvalidData;
                }

                payloadLength = (long)wide;
                break;
            default:
                length = 2;
                payloadLength = shortLength;
                break;
        }

        if (available < length + 4)
        {
            return OperationStatus.NeedMoreData;
        }

        header = new WebSocketFrameHeader(fin, opcode, payloadLength, MemoryMarshal.Read<int>(bytes[length..]), length + 4);
        return OperationStatus.Done;
    }
}
