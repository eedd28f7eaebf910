using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>
/// The MessagePack parser beside the default one, per packet: each category's baseline is the default parser doing
/// the same job. An emit or ack to one socket is encoded by MessagePack straight from its arguments
/// (<see cref="MessagePackPacketWriter.EncodeEvent"/>); a broadcast is the default parser's packet, whose text is then
/// turned into MessagePack once (<see cref="MessagePackPacketWriter.Encode"/>); decoding turns the MessagePack into the
/// default parser's text and attachments (<see cref="MessagePackPacketReader"/>), which the default parser gets from
/// the wire as they are.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MessagePackCodecBenchmarks
{
    private const string Text = "job 5f0c2a9e finished";

    private readonly JsonSerializerOptions _options = SocketIoSamples.CreateServerOptions();
    private readonly byte[] _attachment = SamplePayloads.BinaryMessageData.ToArray();
    private readonly SocketPacketLimits _limits = new(10, 1_000_000, Timeout.InfiniteTimeSpan, TimeProvider.System);
    private readonly NoTimeouts _timeouts = new();
    private SocketPacketDecoder _decoder;
    private object?[] _eventArgs = [];
    private object?[] _binaryArgs = [];
    private object?[] _ackArgs = [];
    private byte[] _echoText = [];
    private byte[] _echoMessagePack = [];
    private byte[] _binaryText = [];
    private byte[] _binaryMessagePack = [];

    [GlobalSetup]
    public void Setup()
    {
        _decoder = default;
        _eventArgs = [Text, SocketIoSamples.Result];
        _binaryArgs = [Text, SocketIoSamples.Result, _attachment];
        using (var echoed = JsonDocument.Parse("""["abcdefghijklmnopqrstuvwxyz012345"]"""))
        {
            _ackArgs = [echoed.RootElement[0].Clone()];
        }

        // What the load test's client sends: 217["echo","<32 chars>"], in either format.
        _echoText = """217["echo","abcdefghijklmnopqrstuvwxyz012345"]"""u8.ToArray();
        _echoMessagePack = MessagePackPacketWriter.Encode(_echoText, []);
        _binaryText = SocketPacketWriter.EncodeText("/", -1, SocketIoSamples.EventName, _binaryArgs, _options, out var attachments);
        _binaryMessagePack = MessagePackPacketWriter.Encode(_binaryText, attachments!);

        if (Decode_Echo_Default() != Decode_Echo_MessagePack() || Decode_Binary_Default() != Decode_Binary_MessagePack())
        {
            throw new InvalidOperationException("The two parsers did not decode the same packets.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode event")]
    public int Encode_Event_Default() => SocketPacketWriter.EncodeText("/", -1, SocketIoSamples.EventName, _eventArgs, _options, out _).Length;

    [Benchmark]
    [BenchmarkCategory("Encode event")]
    public int Encode_Event_MessagePack() => MessagePackPacketWriter.EncodeEvent("/", -1, SocketIoSamples.EventName, _eventArgs, _options).Length;

    /// <summary>A broadcast's packet, built once for every target: the default parser's, and for MessagePack its message too.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode broadcast")]
    public int Encode_Broadcast_Default() => SocketPacketWriter.Encode("/", -1, SocketIoSamples.EventName, _eventArgs, _options).Text.Length;

    [Benchmark]
    [BenchmarkCategory("Encode broadcast")]
    public int Encode_Broadcast_MessagePack() =>
        SocketPacketWriter.Encode("/", -1, SocketIoSamples.EventName, _eventArgs, _options).WholeMessage(MessagePackPacketWriter.EncodePacket).Length;

    /// <summary>The event with a 64-byte <c>byte[]</c>: an attachment for the default parser, <c>bin</c> inline for MessagePack.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode binary event")]
    public int Encode_Binary_Default() => SocketPacketWriter.EncodeText("/", -1, SocketIoSamples.EventName, _binaryArgs, _options, out _).Length;

    [Benchmark]
    [BenchmarkCategory("Encode binary event")]
    public int Encode_Binary_MessagePack() => MessagePackPacketWriter.EncodeEvent("/", -1, SocketIoSamples.EventName, _binaryArgs, _options).Length;

    /// <summary>The echo's ack, as <c>SocketIoEvent.AckAsync</c> sends it.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode ack")]
    public int Encode_Ack_Default() => SocketPacketWriter.EncodeText("/", 17, null, _ackArgs, _options, out _).Length;

    [Benchmark]
    [BenchmarkCategory("Encode ack")]
    public int Encode_Ack_MessagePack() => MessagePackPacketWriter.EncodeEvent("/", 17, null, _ackArgs, _options).Length;

    /// <summary>The echo event with its ack id, as each connection's reader decodes it.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode echo")]
    public int Decode_Echo_Default() =>
        _decoder.DecodeText(_echoText, _limits, _timeouts, out var packet) == DecodeResult.Packet ? packet.Payload.Length : -1;

    [Benchmark]
    [BenchmarkCategory("Decode echo")]
    public int Decode_Echo_MessagePack() =>
        MessagePackPacketReader.TryRead(_echoMessagePack, out var packet) ? packet.Payload.Length : -1;

    /// <summary>The binary event: its text and then its attachment for the default parser, one message for MessagePack.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode binary event")]
    public int Decode_Binary_Default()
    {
        if (_decoder.DecodeText(_binaryText, _limits, _timeouts, out _) != DecodeResult.None
            || _decoder.DecodeAttachment(_attachment, out var packet) != DecodeResult.Packet)
        {
            return -1;
        }

        return packet.Payload.Length + packet.Attachments[0].Length;
    }

    [Benchmark]
    [BenchmarkCategory("Decode binary event")]
    public int Decode_Binary_MessagePack() =>
        MessagePackPacketReader.TryRead(_binaryMessagePack, out var packet) ? packet.Payload.Length + packet.Attachments[0].Length : -1;

    private sealed class NoTimeouts : IAttachmentTimeoutHandler
    {
        public void OnAttachmentTimeout()
        {
        }
    }
}
