using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using EngineIo.Protocol;

namespace ScriptService.Benchmarks.Protocol;

/// <summary>
/// Decoding a long-polling POST body with <see cref="PollingPayloadReader"/>. The reader decodes base64 in place, so
/// each operation first restores the encoded payload into a preallocated buffer (a memcpy, present in the baseline
/// too) and then reads every packet. The steady state allocates nothing.
/// </summary>
/// <remarks>
/// The reader takes one contiguous <see cref="Memory{T}"/> (PollingBodyReader gathers the body first), so there is no
/// multi-segment variant to measure here.
/// </remarks>
[MemoryDiagnoser]
public class PollingPayloadReaderBenchmarks
{
    private byte[] _template = [];
    private byte[] _buffer = [];
    private int _expectedDataLength;

    [Params(1, 10, 100)]
    public int PacketCount { get; set; }

    [Params(false, true)]
    public bool Binary { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _template = SamplePayloads.CreateEncodedPayload(PacketCount, Binary);
        _buffer = new byte[_template.Length];
        _expectedDataLength = PacketCount * (Binary ? SamplePayloads.BinaryMessageData.Length : SamplePayloads.TextMessageData.Length);
        if (Read() != _expectedDataLength || SplitPrimitive() != _expectedDataLength)
        {
            throw new InvalidOperationException("The reader and the primitive baseline disagree on the payload.");
        }
    }

    /// <summary>
    /// The raw primitive: restore the bytes, split on 0x1e with <see cref="MemoryExtensions.IndexOf{T}(Span{T}, T)"/>
    /// and base64-decode binary records in place, with no packet validation or <see cref="EnginePacket"/>.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int SplitPrimitive()
    {
        _template.CopyTo(_buffer.AsSpan());
        var remaining = _buffer.AsSpan();
        var total = 0;
        while (true)
        {
            var separator = remaining.IndexOf(PollingPayloadWriter.RecordSeparator);
            var record = separator < 0 ? remaining : remaining[..separator];
            if (record[0] == PollingPayloadWriter.BinaryMarker)
            {
                Base64.DecodeFromUtf8InPlace(record[1..], out var written);
                total += written;
            }
            else
            {
                total += record.Length - 1;
            }

            if (separator < 0)
            {
                return total;
            }

            remaining = remaining[(separator + 1)..];
        }
    }

    [Benchmark]
    public int Read()
    {
        _template.CopyTo(_buffer.AsSpan());
        var reader = new PollingPayloadReader(_buffer);
        var total = 0;
        while (reader.TryRead(out var packet, out _))
        {
            total += packet.Data.Length;
        }

        return total;
    }
}
