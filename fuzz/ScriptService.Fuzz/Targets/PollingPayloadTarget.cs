using System.Buffers;
using EngineIo.Protocol;
using EngineIo.Transports;

namespace ScriptService.Fuzz;

/// <summary>
/// A polling POST: the body read from a pipe in segments of a size the first byte picks, against a limit it also
/// picks, then split into packets. What reads is written again and reads back the same.
/// </summary>
internal static class PollingPayloadTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var config = input[0];
        var body = input.AsSpan(1);
        var blockSize = (config & 0x0F) + 1;
        var maxPayload = (config & 0x30) switch
        {
            0x00 => 1_000_000,
            0x10 => Math.Max(1, body.Length),
            0x20 => Math.Max(1, body.Length - 1),
            _ => 16,
        };
        long? contentLength = (config & 0xC0) switch
        {
            0x00 => null,
            0x40 => body.Length,
            0x80 => 0,
            _ => long.MaxValue,
        };

        var pipe = Pipes.Create(blockSize);
        Pipes.WriteAll(pipe.Writer, body);
        var (buffer, length) = Pipes.Completed(PollingBodyReader.ReadAsync(pipe.Reader, maxPayload, contentLength, Timeout.InfiniteTimeSpan, TimeProvider.System, CancellationToken.None), "PollingBodyReader");
        if (body.Length > maxPayload)
        {
            InvariantException.Check(buffer is null && length == 0, "a body over the limit was read");
            return;
        }

        InvariantException.Check(buffer is not null && length == body.Length && buffer.AsSpan(0, length).SequenceEqual(body), "the body read differs from the body sent");
        var packets = ReadAll(buffer!.AsMemory(0, length), out var malformed);
        ArrayPool<byte>.Shared.Return(buffer!);
        var records = body.Count(PollingPayloadWriter.RecordSeparator) + 1;
        InvariantException.Check(packets.Count + (malformed ? 1 : 0) <= records, "more packets than records");
        if (packets.Count == 0)
        {
            return;
        }

        var outbound = packets.Select(p => new OutboundPacket(p.Type, p.Data, p.IsBinary)).ToArray();
        var output = new ArrayBufferWriter<byte>();
        PollingPayloadWriter.Write(outbound, output);
        InvariantException.Check(PollingPayloadWriter.GetLength(outbound) == output.WrittenCount, "GetLength disagrees with Write");
        var again = ReadAll(output.WrittenSpan.ToArray(), out var malformedAgain);
        InvariantException.Check(!malformedAgain && again.Count == packets.Count, "a written payload did not read back whole");
        for (var i = 0; i < packets.Count; i++)
        {
            InvariantException.Check(
                again[i].Type == packets[i].Type && again[i].IsBinary == packets[i].IsBinary && again[i].Data.Span.SequenceEqual(packets[i].Data.Span),
                $"packet {i} read back different");
        }
    }

    private static List<(EnginePacketType Type, ReadOnlyMemory<byte> Data, bool IsBinary)> ReadAll(Memory<byte> payload, out bool malformed)
    {
        var packets = new List<(EnginePacketType, ReadOnlyMemory<byte>, bool)>();
        var reader = new PollingPayloadReader(payload);
        while (reader.TryRead(out var packet, out malformed))
        {
            InvariantException.Check(!malformed, "malformed set on a packet that was read");
            packets.Add((packet.Type, packet.Data.ToArray(), packet.IsBinary));
        }

        InvariantException.Check(!reader.TryRead(out _, out var after) && !after, "the reader read on after it ended");
        return packets;
    }
}
