using System.Buffers;

namespace EngineIo.Tests.Infrastructure;

/// <summary>A memory pool of tiny blocks, so that a <see cref="System.IO.Pipelines.Pipe"/> holds data in many segments.</summary>
public sealed class SmallBlockMemoryPool(int blockSize) : MemoryPool<byte>
{
    public override int MaxBufferSize => blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block(new byte[blockSize]);

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
