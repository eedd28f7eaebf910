using System.Buffers;
using System.Buffers.Text;

namespace EngineIo.Protocol;

/// <summary>
/// Writes packets as one HTTP long-polling payload: records separated by 0x1e, text packets as their type digit and
/// data, binary messages as 'b' and the base64 of their bytes.
/// </summary>
internal static class PollingPayloadWriter
{
    public const byte RecordSeparator = 0x1e;
    public const byte BinaryMarker = (byte)'b';

    /// <summary>The exact byte length a payload of these packets takes, so a response can declare its Content-Length.</summary>
    public static long GetLength(ReadOnlySpan<OutboundPacket> packets)
    {
        long length = packets.Length - 1;
        foreach (ref readonly var packet in packets)
        {
            length += 1 + (packet.IsBinary ? Base64.GetMaxEncodedToUtf8Length(packet.Data.Length) : packet.Data.Length);
        }

        return Math.Max(length, 0);
    }

    public static void Write(ReadOnlySpan<OutboundPacket> packets, IBufferWriter<byte> output)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            if (i > 0)
            {
                output.GetSpan(1)[0] = RecordSeparator;
                output.Advance(1);
            }

            Write(packets[i], output);
        }
    }

    public static void Write(in OutboundPacket packet, IBufferWriter<byte> output)
    {
        var data = packet.Data.Span;
        if (packet.IsBinary)
        {
            var encodedLength = Base64.GetMaxEncodedToUtf8Length(data.Length);
            var span = output.GetSpan(1 + encodedLength);
            span[0] = BinaryMarker;
            Base64.EncodeToUtf8(data, span[1..], out _, out var written);
            output.Advance(1 + written);
        }
        else
        {
            var span = output.GetSpan(1 + data.Length);
            span[0] = (byte)packet.Type;
            data.CopyTo(span[1..]);
            output.Advance(1 + data.Length);
        }
    }
}
