using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;

namespace EngineIo.Protocol;

/// <summary>
/// Writes packets as one protocol v3 polling payload: text records <c>&lt;length&gt;:&lt;packet&gt;</c> (the length in
/// UTF-16 code units, binary as <c>b4</c> and base64), or, for a client with binary support whose payload holds binary,
/// the binary payload format: per packet a 0 (text) or 1 (binary) byte, the length's decimal digits as bytes 0-9, 0xff,
/// then the packet (a text packet's UTF-8, or a binary one's type byte and data).
/// </summary>
internal static class PollingPayloadWriterV3
{
    /// <summary>Whether these packets go out in the binary payload format for a session of this format.</summary>
    public static bool UsesBinaryFormat(ReadOnlySpan<OutboundPacket> packets, PollingFormat format)
    {
        if (format != PollingFormat.V3Binary)
        {
            return false;
        }

        foreach (ref readonly var packet in packets)
        {
            if (packet.IsBinary)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exact byte length of the payload, so that a response can declare its Content-Length.</summary>
    public static long GetLength(ReadOnlySpan<OutboundPacket> packets, bool binaryFormat)
    {
        long length = 0;
        foreach (ref readonly var packet in packets)
        {
            length += binaryFormat ? GetBinaryRecordLength(packet) : GetTextRecordLength(packet);
        }

        return length;
    }

    public static void Write(ReadOnlySpan<OutboundPacket> packets, IBufferWriter<byte> output, bool binaryFormat)
    {
        foreach (ref readonly var packet in packets)
        {
            if (binaryFormat)
            {
                WriteBinaryRecord(packet, output);
            }
            else
            {
                WriteTextRecord(packet, output);
            }
        }
    }

    /// <summary>The packet's length as the record states it: in UTF-16 code units, base64 for binary.</summary>
    private static int TextPacketLength(in OutboundPacket packet) =>
        packet.IsBinary
            ? 2 + Base64.GetMaxEncodedToUtf8Length(packet.Data.Length)
            : 1 + EngineProtocolV3.Utf16Length(packet.Data.Span);

    /// <summary>The packet's bytes in a text record: the same, but UTF-8.</summary>
    private static int TextPacketBytes(in OutboundPacket packet) =>
        packet.IsBinary ? 2 + Base64.GetMaxEncodedToUtf8Length(packet.Data.Length) : 1 + packet.Data.Length;

    private static long GetTextRecordLength(in OutboundPacket packet) =>
        EngineProtocolV3.DigitCount(TextPacketLength(packet)) + 1 + TextPacketBytes(packet);

    private static void WriteTextRecord(in OutboundPacket packet, IBufferWriter<byte> output)
    {
        var length = TextPacketLength(packet);
        var digits = EngineProtocolV3.DigitCount(length);
        var bytes = TextPacketBytes(packet);
        var span = output.GetSpan(digits + 1 + bytes);
        var formatted = Utf8Formatter.TryFormat(length, span, out var written);
        Debug.Assert(formatted && written == digits, "The digits were counted.");
        span[digits] = EngineProtocolV3.LengthSeparator;
        var packetSpan = span.Slice(digits + 1, bytes);
        var data = packet.Data.Span;
        if (packet.IsBinary)
        {
            packetSpan[0] = EngineProtocolV3.Base64Marker;
            packetSpan[1] = (byte)EnginePacketType.Message;
            Base64.EncodeToUtf8(data, packetSpan[2..], out _, out _);
        }
        else
        {
            packetSpan[0] = (byte)packet.Type;
            data.CopyTo(packetSpan[1..]);
        }

        output.Advance(digits + 1 + bytes);
    }

    private static long GetBinaryRecordLength(in OutboundPacket packet)
    {
        var bytes = 1 + packet.Data.Length;
        return 1 + EngineProtocolV3.DigitCount(bytes) + 1 + bytes;
    }

    private static void WriteBinaryRecord(in OutboundPacket packet, IBufferWriter<byte> output)
    {
        var bytes = 1 + packet.Data.Length;
        var digits = EngineProtocolV3.DigitCount(bytes);
        var span = output.GetSpan(1 + digits + 1 + bytes);
        span[0] = packet.IsBinary ? EngineProtocolV3.BinaryRecord : EngineProtocolV3.TextRecord;
        var formatted = Utf8Formatter.TryFormat(bytes, span[1..], out var written);
        Debug.Assert(formatted && written == digits, "The digits were counted.");
        for (var i = 1; i <= digits; i++)
        {
            // The format's digits are the values 0-9 themselves, not their ASCII characters.
            span[i] -= (byte)'0';
        }

        span[1 + digits] = EngineProtocolV3.BinaryLengthEnd;
        var packetSpan = span.Slice(2 + digits, bytes);
        packetSpan[0] = packet.IsBinary ? EngineProtocolV3.BinaryMessageType : (byte)packet.Type;
        packet.Data.Span.CopyTo(packetSpan[1..]);
        output.Advance(1 + digits + 1 + bytes);
    }
}
