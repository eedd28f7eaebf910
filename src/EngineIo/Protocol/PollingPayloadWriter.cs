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
            Write(packets[i], output, separated: i > 0);
        }
    }

    /// <summary>Writes one packet, preceded by the separator when it is not the first (one buffer request either way).</summary>
    public static void Write(in OutboundPacket packet, IBufferWriter<byte> output, bool separated)
    {
        var data = packet.Data.Span;
        var prefix = separated ? 2 : 1;
        var length = packet.IsBinary ? Base64.GetMaxEncodedToUtf8Length(data.Length) : data.Length;
        var span = output.GetSpan(prefix + length);
        if (separated)
        {
            span[0] = RecordSeparator;
        }

        if (packet.IsBinary)
        {
            span[prefix - 1] = BinaryMarker;
            Base64.EncodeToUtf8(data, span[prefix..], out _, out length);
        }
        else
        {
            span[prefix - 1] = (byte)packet.Type;
            data.CopyTo(span[prefix..]);
        }

        output.Advance(prefix + length);
    }
}
