using System.Buffers;
using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using EngineIo.Protocol;

namespace ScriptService.Benchmarks.Protocol;

/// <summary>
/// Encoding a long-polling GET response with <see cref="PollingPayloadWriter"/> into an <see cref="IBufferWriter{T}"/>
/// that is reused between operations, as Kestrel's response <c>BodyWriter</c> is. The steady state allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class PollingPayloadWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private OutboundPacket[] _packets = [];
    private byte[] _primitiveOutput = [];

    [Params(1, 10, 100)]
    public int PacketCount { get; set; }

    [Params(false, true)]
    public bool Binary { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _packets = SamplePayloads.CreatePackets(PacketCount, Binary);
        _primitiveOutput = new byte[PollingPayloadWriter.GetLength(_packets)];

        // Grow the writer once, so every measured operation finds the capacity it needs.
        PollingPayloadWriter.Write(_packets, _output);
        var expected = SamplePayloads.CreateEncodedPayload(PacketCount, Binary);
        if (!_output.WrittenSpan.SequenceEqual(expected) || CopyPrimitive() != expected.Length)
        {
            throw new InvalidOperationException("The writer and the primitive baseline disagree on the payload.");
        }
    }

    /// <summary>
    /// The raw primitive: the same bytes copied (text) or base64-encoded (binary) straight into a preallocated array,
    /// without <see cref="IBufferWriter{T}"/> or the packet abstraction.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int CopyPrimitive()
    {
        var destination = _primitiveOutput.AsSpan();
        var offset = 0;
        foreach (ref readonly var packet in _packets.AsSpan())
        {
            if (offset > 0)
            {
                destination[offset++] = PollingPayloadWriter.RecordSeparator;
            }

            var data = packet.Data.Span;
            if (packet.IsBinary)
            {
                destination[offset++] = PollingPayloadWriter.BinaryMarker;
                Base64.EncodeToUtf8(data, destination[offset..], out _, out var written);
                offset += written;
            }
            else
            {
                destination[offset++] = (byte)packet.Type;
                data.CopyTo(destination[offset..]);
                offset += data.Length;
            }
        }

        return offset;
    }

    [Benchmark]
    public int Write()
    {
        _output.ResetWrittenCount();
        PollingPayloadWriter.Write(_packets, _output);
        return _output.WrittenCount;
    }

    /// <summary>What the polling transport does per response: compute the Content-Length, then write.</summary>
    [Benchmark]
    public long GetLengthAndWrite()
    {
        _output.ResetWrittenCount();
        var length = PollingPayloadWriter.GetLength(_packets);
        PollingPayloadWriter.Write(_packets, _output);
        return length;
    }
}
