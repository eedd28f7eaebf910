using System.Buffers;
using System.IO.Pipelines;

namespace ScriptService.Fuzz;

/// <summary>Pipes that run inline and never pause, cut into blocks of a chosen size so that reads see many segments.</summary>
internal static class Pipes
{
    public static Pipe Create(int blockSize) => new(new PipeOptions(
        pool: new SmallBlockPool(blockSize),
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        minimumSegmentSize: blockSize,
        useSynchronizationContext: false));

    /// <summary>Writes all of <paramref name="data"/> and completes the writer; every call completes synchronously.</summary>
    public static void WriteAll(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        writer.Write(data);
        Completed(writer.FlushAsync(), "a flush on a pipe that never pauses");
        writer.Complete();
    }

    /// <summary>Takes the result of an operation that has all its input buffered: waiting would be a hang.</summary>
    public static T Completed<T>(ValueTask<T> task, string what)
    {
        InvariantException.Check(task.IsCompleted, $"{what} waited although all its input was buffered");
        return task.GetAwaiter().GetResult();
    }

    private sealed class SmallBlockPool(int blockSize) : MemoryPool<byte>
    {
        public override int MaxBufferSize => blockSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block(new byte[Math.Max(blockSize, 1)]);

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Block(byte[] array) : IMemoryOwner<byte>
        {
            public Memory<byte> Memory => array;

            public void Dispose()
            {
            }
        }
    }
}
