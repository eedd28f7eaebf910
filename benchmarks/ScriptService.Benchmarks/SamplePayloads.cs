using System.Buffers;
using EngineIo.Protocol;

namespace ScriptService.Benchmarks;

/// <summary>The packets every benchmark encodes or decodes, so their numbers can be compared with each other.</summary>
internal static class SamplePayloads
{
    /// <summary>A typical Socket.IO event as the data of an Engine.IO message packet (64 bytes).</summary>
    public static ReadOnlyMemory<byte> TextMessageData { get; } =
        """2["scriptResult",{"job_id":"5f0c2a9e","status":"done","data":1}]"""u8.ToArray();

    /// <summary>A binary attachment of the same size as the text message, with fixed contents.</summary>
    public static ReadOnlyMemory<byte> BinaryMessageData { get; } = CreateBinaryData(TextMessageData.Length);

    public static OutboundPacket[] CreatePackets(int count, bool binary)
    {
        var packets = new OutboundPacket[count];
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i] = binary
                ? new OutboundPacket(EnginePacketType.Message, BinaryMessageData, isBinary: true)
                : new OutboundPacket(EnginePacketType.Message, TextMessageData, isBinary: false);
        }

        return packets;
    }

    /// <summary>The polling payload (records separated by 0x1e) that carries <paramref name="count"/> packets.</summary>
    public static byte[] CreateEncodedPayload(int count, bool binary)
    {
        var packets = CreatePackets(count, binary);
        var output = new ArrayBufferWriter<byte>();
        PollingPayloadWriter.Write(packets, output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] CreateBinaryData(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 37 + 11);
        }

        return data;
    }
}
