using System.Buffers;

namespace SocketIo.Internal.ClientBundle;

/// <summary>
/// Reads a resource embedded in this assembly. Embedded resources live in the loaded image for the life of the
/// process, so the bytes are used where they are rather than copied onto the heap; a runtime that hands out a stream
/// of another kind gets one copy.
/// </summary>
internal static class EmbeddedResource
{
    public static ReadOnlyMemory<byte> Read(string name)
    {
        using var stream = typeof(EmbeddedResource).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is not embedded in {typeof(EmbeddedResource).Assembly.GetName().Name}.");
        if (stream is UnmanagedMemoryStream unmanaged)
        {
            return ImageMemory.Create(unmanaged);
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Memory over a resource in the loaded image. It is handed out only as <see cref="ReadOnlyMemory{T}"/>: the image
    /// is mapped read-only. Nothing to free: the image stays mapped while the assembly is loaded, and this one is never
    /// unloaded (it is not in a collectible load context).
    /// </summary>
    private sealed unsafe class ImageMemory(byte* pointer, int length) : MemoryManager<byte>
    {
        public static ReadOnlyMemory<byte> Create(UnmanagedMemoryStream stream) =>
            new ImageMemory(stream.PositionPointer, checked((int)stream.Length)).Memory;

        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
            return new MemoryHandle(pointer + elementIndex);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
