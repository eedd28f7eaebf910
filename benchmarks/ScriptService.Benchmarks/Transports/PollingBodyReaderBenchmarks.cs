using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using EngineIo.Transports;

namespace ScriptService.Benchmarks.Transports;

/// <summary>
/// Gathering a polling POST body from a <see cref="PipeReader"/> with <see cref="PollingBodyReader.ReadAsync"/>. One
/// <see cref="Pipe"/> is reused (completed and <see cref="Pipe.Reset"/> after every operation); the rented body buffer
/// goes back to <see cref="ArrayPool{T}.Shared"/> as PollingTransport does.
/// </summary>
/// <remarks>
/// The pipe runs its continuations inline, so the "arrives later" case resumes the pending read on the benchmark's
/// thread when the writer completes, just as Kestrel resumes it when the rest of the body is received. That case also
/// pays for the body's deadline (a timer), which a body there at once never needs.
/// </remarks>
[MemoryDiagnoser]
public class PollingBodyReaderBenchmarks
{
    private const int MaxPayload = 1_000_000;

    private static readonly TimeSpan _bodyTimeout = TimeSpan.FromSeconds(30);

    private readonly Pipe _pipe = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false));

    private byte[] _payload = [];
    private byte[] _copy = [];

    [Params(1, 10, 100)]
    public int PacketCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _payload = SamplePayloads.CreateEncodedPayload(PacketCount, binary: false);
        _copy = new byte[_payload.Length];
        if (await PipeOnly() != _payload.Length
            || await ReadAsync_BodyBuffered() != _payload.Length
            || await ReadAsync_BodyArrivesAfterRead() != _payload.Length)
        {
            throw new InvalidOperationException("A benchmark did not read the whole body.");
        }
    }

    /// <summary>The raw primitive: the same pipe traffic, copied into a preallocated array instead of a rented one.</summary>
    [Benchmark(Baseline = true)]
    public async ValueTask<int> PipeOnly()
    {
        WriteBody();
        var result = await _pipe.Reader.ReadAsync();
        var length = (int)result.Buffer.Length;
        result.Buffer.CopyTo(_copy);
        _pipe.Reader.AdvanceTo(result.Buffer.End);
        return ResetPipe(length);
    }

    /// <summary>The whole body is already in the pipe when the read starts: the read completes synchronously.</summary>
    [Benchmark]
    public async ValueTask<int> ReadAsync_BodyBuffered()
    {
        WriteBody();
        var (buffer, length) = await PollingBodyReader.ReadAsync(_pipe.Reader, MaxPayload, _payload.Length, _bodyTimeout, TimeProvider.System, CancellationToken.None);
        ArrayPool<byte>.Shared.Return(buffer!);
        return ResetPipe(length);
    }

    /// <summary>The read starts before the body arrives, so it suspends once and resumes when the writer completes.</summary>
    [Benchmark]
    public async ValueTask<int> ReadAsync_BodyArrivesAfterRead()
    {
        var pending = PollingBodyReader.ReadAsync(_pipe.Reader, MaxPayload, _payload.Length, _bodyTimeout, TimeProvider.System, CancellationToken.None);
        WriteBody();
        var (buffer, length) = await pending;
        ArrayPool<byte>.Shared.Return(buffer!);
        return ResetPipe(length);
    }

    private void WriteBody()
    {
        _pipe.Writer.Write(_payload);
        _pipe.Writer.Complete();
    }

    private int ResetPipe(int length)
    {
        _pipe.Reader.Complete();
        _pipe.Reset();
        return length;
    }
}
