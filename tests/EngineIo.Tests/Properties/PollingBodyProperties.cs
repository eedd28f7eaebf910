using System.Buffers;
using System.IO.Pipelines;
using CsCheck;
using EngineIo.Tests.Infrastructure;
using EngineIo.Transports;

namespace EngineIo.Tests.Properties;

/// <summary>
/// The polling POST body, whatever pieces it comes in: written in generated chunks over a pipe of generated block
/// size, read against a generated limit and declared length, it comes out whole, or not at all when it is over the limit.
/// </summary>
public sealed class PollingBodyProperties
{
    [Fact]
    public void ReadAsync_AnyChunkingAndLimit_WholeBodyOrNothing()
    {
        var gen = Gen.Select(
            EnginePacketProperties.PayloadBytes,
            Gen.Int[1, 16].Array[1, 8],
            Gen.Int[1, 16],
            Gen.Int[-2, 2],
            Gen.Int[0, 3]);
        gen.Sample((body, chunks, blockSize, limitOffset, lengthKind) =>
        {
            var maxPayload = Math.Max(1, body.Length + limitOffset);
            long? contentLength = lengthKind switch { 0 => null, 1 => body.Length, 2 => 0, _ => int.MaxValue };
            var pipe = new Pipe(new PipeOptions(
                pool: new SmallBlockMemoryPool(blockSize),
                readerScheduler: PipeScheduler.Inline,
                writerScheduler: PipeScheduler.Inline,
                pauseWriterThreshold: 0,
                minimumSegmentSize: blockSize,
                useSynchronizationContext: false));

            // The read starts first, so each chunk is a read of its own; the chunk sizes repeat until the body is out.
            var reading = PollingBodyReader.ReadAsync(pipe.Reader, maxPayload, contentLength, Timeout.InfiniteTimeSpan, TimeProvider.System, CancellationToken.None);
            var offset = 0;
            for (var i = 0; offset < body.Length; i++)
            {
                var size = Math.Min(chunks[i % chunks.Length], body.Length - offset);
                pipe.Writer.Write(body.AsSpan(offset, size));
                offset += size;
                var flush = pipe.Writer.FlushAsync();
                Assert.True(flush.IsCompleted);
                if (flush.Result.IsCompleted)
                {
                    // The reader stopped reading: it refused the body.
                    break;
                }
            }

            pipe.Writer.Complete();
            Assert.True(reading.IsCompleted, "The read waited with the whole body written and the pipe completed.");
            var (buffer, length) = reading.Result;
            if (body.Length > maxPayload)
            {
                Assert.Null(buffer);
                Assert.Equal(0, length);
                return;
            }

            Assert.NotNull(buffer);
            Assert.Equal(body, buffer.AsSpan(0, length).ToArray());
            ArrayPool<byte>.Shared.Return(buffer);
        }, iter: 10_000);
    }
}
