using BenchmarkDotNet.Attributes;
using EngineIo.Protocol;

namespace ScriptService.Benchmarks.Protocol;

/// <summary>
/// Decoding one text packet with <see cref="EnginePacketReader.TryRead"/>: a WebSocket text frame, or one record of a
/// polling payload. Allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class PacketReaderBenchmarks
{
    private readonly ReadOnlyMemory<byte> _message = CreateMessageFrame();
    private readonly ReadOnlyMemory<byte> _ping = "2"u8.ToArray();

    /// <summary>The raw primitive: look at the first byte and slice off the rest.</summary>
    [Benchmark(Baseline = true)]
    public int SlicePrimitive()
    {
        var type = _message.Span[0];
        return type + _message[1..].Length;
    }

    [Benchmark]
    public int TryRead_Message()
    {
        EnginePacketReader.TryRead(_message, out var packet);
        return (int)packet.Type + packet.Data.Length;
    }

    [Benchmark]
    public int TryRead_Ping()
    {
        EnginePacketReader.TryRead(_ping, out var packet);
        return (int)packet.Type + packet.Data.Length;
    }

    private static byte[] CreateMessageFrame()
    {
        var data = SamplePayloads.TextMessageData.Span;
        var frame = new byte[1 + data.Length];
        frame[0] = (byte)EnginePacketType.Message;
        data.CopyTo(frame.AsSpan(1));
        return frame;
    }
}
