using System.Buffers;
using EngineIo.Protocol;

namespace ScriptService.Fuzz;

/// <summary>
/// One Engine.IO text packet (a WebSocket text frame, a polling record): it parses or is refused, and a packet that
/// parses is written back to the same bytes. The same bytes as a binary message survive a polling round trip.
/// </summary>
internal static class EnginePacketTarget
{
    public static void Run(byte[] input)
    {
        var isPacket = input.Length > 0 && input[0] is >= (byte)'0' and <= (byte)'6';
        if (!EnginePacketReader.TryRead(input, out var packet))
        {
            InvariantException.Check(!isPacket, "a packet with a valid type digit was refused");
        }
        else
        {
            InvariantException.Check(isPacket && !packet.IsBinary, "an invalid packet was accepted");
            var text = new OutboundPacket(packet.Type, packet.Data, isBinary: false);
            var output = new ArrayBufferWriter<byte>();
            PollingPayloadWriter.Write(text, output, separated: false);
            InvariantException.Check(output.WrittenSpan.SequenceEqual(input), "a text packet did not write back to its bytes");
            InvariantException.Check(PollingPayloadWriter.GetLength([text]) == output.WrittenCount, "GetLength disagrees with Write");
            InvariantException.Check(text.WebSocketLength == input.Length, "WebSocketLength of a text packet");
        }

        var binary = new OutboundPacket(EnginePacketType.Message, input, isBinary: true);
        var encoded = new ArrayBufferWriter<byte>();
        PollingPayloadWriter.Write([binary, binary], encoded);
        InvariantException.Check(PollingPayloadWriter.GetLength([binary, binary]) == encoded.WrittenCount, "GetLength disagrees with Write (binary)");
        var reader = new PollingPayloadReader(encoded.WrittenSpan.ToArray());
        for (var i = 0; i < 2; i++)
        {
            InvariantException.Check(reader.TryRead(out var read, out var malformed) && !malformed, "a written binary record did not read back");
            InvariantException.Check(read.IsBinary && read.Data.Span.SequenceEqual(input), "a binary record read back different bytes");
        }

        InvariantException.Check(!reader.TryRead(out _, out var extra) && !extra, "more records than were written");
    }
}
