using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using SocketIo.Adapters;
using SocketIo.Protocol;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>
/// Encoding an outbound event with <see cref="SocketPacketWriter.Encode"/>: the event name, a string and a small
/// object (serialized through the source-generated <see cref="BenchmarkJsonContext"/>), in JSON options set up as
/// <c>SocketIoServer</c> sets them up (binary placeholder converter first). A packet is encoded once per emit or
/// broadcast and then shared by every target, so it has to be a new object; the benchmark shows what else allocates.
/// </summary>
[MemoryDiagnoser]
public class SocketPacketWriterBenchmarks : IDisposable
{
    private const string Text = "job 5f0c2a9e finished";

    private static readonly byte[] _expectedEvent =
        """2["scriptResult","job 5f0c2a9e finished",{"jobId":"5f0c2a9e","status":"done","data":1}]"""u8.ToArray();

    private static readonly byte[] _expectedAttachment =
        """51-["scriptResult","job 5f0c2a9e finished",{"jobId":"5f0c2a9e","status":"done","data":1},{"_placeholder":true,"num":0}]"""u8.ToArray();

    private static readonly byte[] _expectedAck = """317["abcdefghijklmnopqrstuvwxyz012345"]"""u8.ToArray();

    private static readonly byte[] _expectedNested =
        """51-["scriptResult","job 5f0c2a9e finished",{"jobId":"5f0c2a9e","output":{"_placeholder":true,"num":0}}]"""u8.ToArray();

    private readonly JsonSerializerOptions _options = SocketIoSamples.CreateServerOptions();
    private readonly byte[] _attachment = SamplePayloads.BinaryMessageData.ToArray();
    private readonly ArrayBufferWriter<byte> _output = new(256);
    private readonly Utf8JsonWriter _jsonWriter = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private object?[] _eventArgs = [];
    private object?[] _attachmentArgs = [];
    private object?[] _nestedArgs = [];
    private object?[] _ackArgs = [];
    private JsonTypeInfo<ScriptResult> _resultTypeInfo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _eventArgs = [Text, SocketIoSamples.Result];
        _attachmentArgs = [Text, SocketIoSamples.Result, _attachment];
        _nestedArgs = [Text, new ScriptOutput("5f0c2a9e", _attachment)];
        using (var echoed = JsonDocument.Parse("""["abcdefghijklmnopqrstuvwxyz012345"]"""))
        {
            _ackArgs = [echoed.RootElement[0].Clone()];
        }
        _resultTypeInfo = (JsonTypeInfo<ScriptResult>)_options.GetTypeInfo(typeof(ScriptResult));

        Check(Encode(), _expectedEvent, attachments: 0);
        Check(Encode_Attachment(), _expectedAttachment, attachments: 1);
        Check(Encode_NestedAttachment(), _expectedNested, attachments: 1);
        if (!Encode_Ack().AsSpan().SequenceEqual(_expectedAck))
        {
            throw new InvalidOperationException("The ack was not encoded as expected.");
        }
        ReusedJsonWriterPrimitive();
        if (!_output.WrittenSpan.SequenceEqual(_expectedEvent))
        {
            throw new InvalidOperationException("The primitive baseline does not write the event packet.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _jsonWriter.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The raw primitive: the same packet text (type digit, then the JSON array, the object through the same type
    /// info) written by a reused <see cref="Utf8JsonWriter"/> into a reused buffer; no packet object, no attachment scan.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int ReusedJsonWriterPrimitive()
    {
        _output.ResetWrittenCount();
        _output.GetSpan(1)[0] = (byte)'2';
        _output.Advance(1);
        _jsonWriter.Reset(_output);
        _jsonWriter.WriteStartArray();
        _jsonWriter.WriteStringValue(SocketIoSamples.EventName);
        _jsonWriter.WriteStringValue(Text);
        JsonSerializer.Serialize(_jsonWriter, SocketIoSamples.Result, _resultTypeInfo);
        _jsonWriter.WriteEndArray();
        _jsonWriter.Flush();
        return _output.WrittenCount;
    }

    /// <summary><c>2["scriptResult","…",{...}]</c>: an EVENT, no attachment.</summary>
    [Benchmark]
    public SocketIoPacket Encode() => SocketPacketWriter.Encode("/", -1, SocketIoSamples.EventName, _eventArgs, _options);

    /// <summary>The same with a 64-byte <c>byte[]</c> as a further argument: a BINARY_EVENT with one attachment.</summary>
    [Benchmark]
    public SocketIoPacket Encode_Attachment() => SocketPacketWriter.Encode("/", -1, SocketIoSamples.EventName, _attachmentArgs, _options);

    /// <summary>A 64-byte <c>byte[]</c> inside the object, found by the <see cref="BinaryAttachments"/> converter.</summary>
    [Benchmark]
    public SocketIoPacket Encode_NestedAttachment() => SocketPacketWriter.Encode("/", -1, SocketIoSamples.EventName, _nestedArgs, _options);

    /// <summary>
    /// <c>3&lt;id&gt;[...]</c>: what the echo handler's <c>AckAsync</c> sends, the client's 32-character string back as a
    /// <see cref="JsonElement"/>. An ack goes to one socket, so it is encoded without a packet object.
    /// </summary>
    [Benchmark]
    public byte[] Encode_Ack() => SocketPacketWriter.EncodeText("/", 17, null, _ackArgs, _options, out _);

    private static void Check(SocketIoPacket packet, byte[] expected, int attachments)
    {
        if (!packet.Text.Span.SequenceEqual(expected) || packet.Attachments.Count != attachments)
        {
            throw new InvalidOperationException(
                $"Encode wrote {System.Text.Encoding.UTF8.GetString(packet.Text.Span)} with {packet.Attachments.Count} attachment(s).");
        }
    }
}
