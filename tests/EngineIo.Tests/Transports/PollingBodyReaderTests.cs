using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using EngineIo.Tests.Infrastructure;
using EngineIo.Transports;

namespace EngineIo.Tests.Transports;

/// <summary>
/// Reading a POST body into one contiguous buffer, whatever pieces it arrives in: every payload is fed split at every
/// byte position, one byte at a time, and as one read over many small segments.
/// </summary>
public sealed class PollingBodyReaderTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    private static readonly string[] _payloads =
    [
        "",
        "4",
        "4hello",
        "4a\u001ebAQID\u001e2probe\u001e4é€",
        "4" + new string('x', 300),
        // Longer than the buffer first rented when the length is unknown (4096), so the buffer has to grow.
        "4" + string.Concat(Enumerable.Range(0, 700).Select(static i => $"{i:D6}\u001e")),
    ];

    public static TheoryData<string> Payloads => [.. _payloads];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task ReadAsync_SplitInTwoAtEveryPosition_WholeBody(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        for (var split = 0; split <= bytes.Length; split++)
        {
            foreach (var contentLength in new long?[] { null, bytes.Length })
            {
                var (buffer, length) = await ReadChunkedAsync(bytes, [split, bytes.Length - split], Limit(bytes), contentLength);
                AssertBody(bytes, buffer, length, $"split at {split}, content length {contentLength}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task ReadAsync_OneBytePerWrite_WholeBody(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        foreach (var contentLength in new long?[] { null, bytes.Length })
        {
            var (buffer, length) = await ReadChunkedAsync(bytes, [.. Enumerable.Repeat(1, bytes.Length)], Limit(bytes), contentLength);
            AssertBody(bytes, buffer, length, $"content length {contentLength}");
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task ReadAsync_ManySegmentsInOneRead_WholeBody(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var pipe = new Pipe(new PipeOptions(pool: new SmallBlockMemoryPool(3), minimumSegmentSize: 1, useSynchronizationContext: false));
        await pipe.Writer.WriteAsync(bytes).DefaultTimeout();
        await pipe.Writer.CompleteAsync();
        Assert.True(pipe.Reader.TryRead(out var peek));
        Assert.True(bytes.Length <= 3 || !peek.Buffer.IsSingleSegment, "The variant must present several segments.");
        pipe.Reader.AdvanceTo(peek.Buffer.Start);

        var (buffer, length) = await PollingBodyReader.ReadAsync(pipe.Reader, Limit(bytes), null, _timeout, TimeProvider.System, CancellationToken.None).DefaultTimeout();

        AssertBody(bytes, buffer, length, "segments of 3 bytes");
    }

    /// <summary>The payloads long enough to be one byte over a limit that is itself valid (at least 1).</summary>
    public static TheoryData<string> OversizePayloads => [.. _payloads.Where(static payload => payload.Length >= 2)];

    [Theory]
    [MemberData(nameof(OversizePayloads))]
    public async Task ReadAsync_OneByteOverLimit_NullWhereverSplit(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var (buffer, length) = await ReadChunkedAsync(bytes, [split, bytes.Length - split], bytes.Length - 1, contentLength: null);
            Assert.True(buffer is null, $"Split at {split}: the body is over the limit.");
            Assert.Equal(0, length);
        }

        var (bytewise, _) = await ReadChunkedAsync(bytes, [.. Enumerable.Repeat(1, bytes.Length)], bytes.Length - 1, contentLength: null);
        Assert.Null(bytewise);
    }

    [Fact]
    public async Task ReadAsync_FarOverLimit_NullWithoutReadingToTheEnd()
    {
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        await pipe.Writer.WriteAsync(new byte[1000]).DefaultTimeout();

        // The writer has not completed: the reader must give up on the limit alone, not wait for the end.
        var (buffer, length) = await PollingBodyReader.ReadAsync(pipe.Reader, 100, null, _timeout, TimeProvider.System, CancellationToken.None).DefaultTimeout();

        Assert.Null(buffer);
        Assert.Equal(0, length);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        using var cancel = new CancellationTokenSource();
        var reading = PollingBodyReader.ReadAsync(pipe.Reader, 100, null, _timeout, TimeProvider.System, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading).DefaultTimeout();
    }

    [Fact]
    public async Task ReadAsync_BodyStalls_TimeoutExceptionAtTheDeadline()
    {
        var time = new TestTimeProvider();
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        await pipe.Writer.WriteAsync("4par"u8.ToArray()).DefaultTimeout();
        var reading = PollingBodyReader.ReadAsync(pipe.Reader, 100, 8, _timeout, time, CancellationToken.None).AsTask();
        await time.WaitForTimerAsync(due => due == _timeout, "for the body's deadline");

        time.Advance(_timeout - TimeSpan.FromTicks(1));
        Assert.False(reading.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        await Assert.ThrowsAsync<TimeoutException>(() => reading).DefaultTimeout();
    }

    [Fact]
    public async Task ReadAsync_BodyThereAtOnce_NoTimer()
    {
        var time = new TestTimeProvider();
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        await pipe.Writer.WriteAsync("4whole"u8.ToArray()).DefaultTimeout();
        await pipe.Writer.CompleteAsync();

        var (buffer, length) = await PollingBodyReader.ReadAsync(pipe.Reader, 100, 6, _timeout, time, CancellationToken.None).DefaultTimeout();

        AssertBody("4whole"u8.ToArray(), buffer, length, "at once");
        Assert.Equal(0, time.TimersCreated);
    }

    /// <summary>The tightest valid limit for a body: its own length (a limit is at least 1).</summary>
    private static int Limit(byte[] bytes) => Math.Max(1, bytes.Length);

    /// <summary>
    /// Feeds <paramref name="bytes"/> in chunks of the given sizes through a pipe whose writer waits until the reader
    /// has consumed each chunk, so that every chunk is a read of its own.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadChunkedAsync(byte[] bytes, int[] chunkSizes, int maxPayload, long? contentLength)
    {
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: 1,
            resumeWriterThreshold: 1,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
        var reading = PollingBodyReader.ReadAsync(pipe.Reader, maxPayload, contentLength, _timeout, TimeProvider.System, CancellationToken.None).AsTask();
        var writing = WriteChunksAsync(pipe.Writer, bytes, chunkSizes);

        var result = await reading.DefaultTimeout();
        await pipe.Reader.CompleteAsync();
        await writing.DefaultTimeout();
        return result;
    }

    private static async Task WriteChunksAsync(PipeWriter writer, byte[] bytes, int[] chunkSizes)
    {
        var offset = 0;
        foreach (var size in chunkSizes)
        {
            if (size == 0)
            {
                continue;
            }

            var flush = await writer.WriteAsync(bytes.AsMemory(offset, size));
            offset += size;
            if (flush.IsCompleted)
            {
                // The reader stopped (over the limit).
                break;
            }
        }

        await writer.CompleteAsync();
    }

    private static void AssertBody(byte[] expected, byte[]? buffer, int length, string variant)
    {
        Assert.True(buffer is not null, $"{variant}: no body.");
        try
        {
            Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, length)), $"{variant}: the body differs.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
