using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EngineIo;
using EngineIo.Protocol;

namespace ScriptService.Benchmarks.Protocol;

/// <summary>
/// Writing the open packet with <see cref="HandshakeWriter.WriteOpenPacketData"/>. This runs once per session, not
/// per packet, and returns a new array by design (the open packet is queued and outlives the call), so it is not a
/// zero-allocation path; the benchmark shows what each handshake costs.
/// </summary>
[MemoryDiagnoser]
public class HandshakeWriterBenchmarks : IDisposable
{
    private const string SessionId = "mK3yQ0v8Rr2bXw9LpT6sZa";

    private readonly EngineIoOptions _options = new();
    private readonly ArrayBufferWriter<byte> _output = new(256);
    private readonly Utf8JsonWriter _jsonWriter = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });

    [GlobalSetup]
    public void Setup()
    {
        ReusedJsonWriterPrimitive();
        if (!_output.WrittenSpan.SequenceEqual(WriteOpenPacketData()))
        {
            throw new InvalidOperationException("The primitive baseline does not write the open packet's JSON.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _jsonWriter.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The raw primitive: the same JSON through a reused <see cref="Utf8JsonWriter"/> into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public int ReusedJsonWriterPrimitive()
    {
        _output.ResetWrittenCount();
        _jsonWriter.Reset(_output);
        _jsonWriter.WriteStartObject();
        _jsonWriter.WriteString("sid", SessionId);
        _jsonWriter.WriteStartArray("upgrades");
        _jsonWriter.WriteStringValue("websocket");
        _jsonWriter.WriteEndArray();
        _jsonWriter.WriteNumber("pingInterval", (long)_options.PingInterval.TotalMilliseconds);
        _jsonWriter.WriteNumber("pingTimeout", (long)_options.PingTimeout.TotalMilliseconds);
        _jsonWriter.WriteNumber("maxPayload", _options.MaxPayload);
        _jsonWriter.WriteEndObject();
        _jsonWriter.Flush();
        return _output.WrittenCount;
    }

    [Benchmark]
    public byte[] WriteOpenPacketData() => HandshakeWriter.WriteOpenPacketData(SessionId, offerWebSocketUpgrade: true, _options);
}
