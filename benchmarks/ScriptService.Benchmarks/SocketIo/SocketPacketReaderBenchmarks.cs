using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SocketIo;
using SocketIo.Protocol;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>
/// Parsing the text of one inbound Socket.IO packet: <see cref="SocketPacketReader.TryReadHeader"/> then
/// <see cref="SocketPacketReader.IsPayloadValid"/>, as <c>SocketPacketDecoder.DecodeText</c> does for every message.
/// The packets are what follows the Engine.IO message type (the <c>4</c> of <c>42[...]</c> on the wire is consumed by
/// <c>EnginePacketReader</c>). Allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class SocketPacketReaderBenchmarks
{
    private static readonly int _maxAttachments = new SocketIoOptions().MaxAttachments;

    /// <summary>An EVENT in the default namespace, without an ack id (64 bytes).</summary>
    private readonly ReadOnlyMemory<byte> _event = SamplePayloads.TextMessageData;

    /// <summary>An EVENT in <c>/chat</c> that asks for acknowledgement 17.</summary>
    private readonly ReadOnlyMemory<byte> _namespacedAck =
        """2/chat,17["scriptResult",{"job_id":"5f0c2a9e","status":"done","data":1}]"""u8.ToArray();

    /// <summary>A BINARY_EVENT announcing one attachment.</summary>
    private readonly ReadOnlyMemory<byte> _binary = """51-["scriptResult",{"_placeholder":true,"num":0}]"""u8.ToArray();

    [GlobalSetup]
    public void Setup()
    {
        Check(_event, SocketPacketType.Event, attachments: 0, nsp: "", ackId: -1);
        Check(_namespacedAck, SocketPacketType.Event, attachments: 0, nsp: "/chat", ackId: 17);
        Check(_binary, SocketPacketType.BinaryEvent, attachments: 1, nsp: "", ackId: -1);
        if (ScanPrimitive() != Read_Event())
        {
            throw new InvalidOperationException("The primitive baseline does not find the event's payload.");
        }
    }

    /// <summary>
    /// The raw primitive: check the type digit, find the payload with <c>IndexOf('[')</c> and read its first two JSON
    /// tokens with a <see cref="Utf8JsonReader"/>, with none of the header grammar.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int ScanPrimitive()
    {
        var packet = _event.Span;
        if (packet[0] is < (byte)'0' or > (byte)'6')
        {
            return -1;
        }

        var start = packet.IndexOf((byte)'[');
        var reader = new Utf8JsonReader(packet[start..]);
        return reader.Read() && reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.String
            ? start
            : -1;
    }

    /// <summary><c>2["scriptResult",{...}]</c></summary>
    [Benchmark]
    public int Read_Event() => Read(_event.Span);

    /// <summary><c>2/chat,17["scriptResult",{...}]</c></summary>
    [Benchmark]
    public int Read_NamespaceAndAckId() => Read(_namespacedAck.Span);

    /// <summary><c>51-["scriptResult",{"_placeholder":true,"num":0}]</c></summary>
    [Benchmark]
    public int Read_BinaryEvent() => Read(_binary.Span);

    private static int Read(ReadOnlySpan<byte> packet) =>
        SocketPacketReader.TryReadHeader(packet, _maxAttachments, out var header)
        && SocketPacketReader.IsPayloadValid(header, packet[header.PayloadStart..])
            ? header.PayloadStart
            : -1;

    private static void Check(ReadOnlyMemory<byte> packet, SocketPacketType type, int attachments, string nsp, long ackId)
    {
        var span = packet.Span;
        if (!SocketPacketReader.TryReadHeader(span, _maxAttachments, out var header)
            || !SocketPacketReader.IsPayloadValid(header, span[header.PayloadStart..])
            || header.Type != type || header.Attachments != attachments || header.AckId != ackId
            || System.Text.Encoding.UTF8.GetString(span[header.Namespace]) != nsp)
        {
            throw new InvalidOperationException("A sample packet does not parse as expected.");
        }
    }
}
