using System.Runtime.InteropServices;

namespace EngineIo.WebSockets;

/// <summary>
/// Unmasks client payloads (RFC 6455 section 5.3). The key is kept as an <see cref="int"/> holding its four bytes in
/// wire order, so that it XORs eight bytes at a time with no concern for endianness; after a chunk it is rotated so
/// that the next chunk starts with the right key byte.
/// </summary>
internal static class WebSocketMask
{
    /// <summary>XORs <paramref name="data"/> in place; returns the key to use for the bytes that follow it.</summary>
    public static int Apply(Span<byte> data, int mask)
    {
        if (data.IsEmpty)
        {
            return mask;
        }

        var wide = (uint)mask | ((ulong)(uint)mask << 32);
        var i = 0;
        for (; i + sizeof(ulong) <= data.Length; i += sizeof(ulong))
        {
            var chunk = data.Slice(i, sizeof(ulong));
            MemoryMarshal.Write(chunk, MemoryMarshal.Read<ulong>(chunk) ^ wide);
        }

        Span<byte> key = stackalloc byte[4];
        MemoryMarshal.Write(key, mask);
        for (; i < data.Length; i++)
        {
            // i is a multiple of 8 when this loop starts, so i & 3 is the offset into the key.
            data[i] ^= key[i & 3];
        }

        Span<byte> next = stackalloc byte[4];
        for (var k = 0; k < 4; k++)
        {
            next[k] = key[(data.Length + k) & 3];
        }

        return MemoryMarshal.Read<int>(next);
    }
}
