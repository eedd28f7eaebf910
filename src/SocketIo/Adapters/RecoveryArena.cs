using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SocketIo.Adapters;

/// <summary>
/// The bytes of the packets a <see cref="RecoveryWindow"/> keeps, copied into a queue of reusable chunks rather than
/// kept as an array each. A window keeps every recoverable emit for seconds to minutes, so under load an array per
/// packet survives the young generation, is promoted and dies old, which is what makes the collector's blocking pauses
/// long; a copy into a chunk leaves the packet's own array to die young, and the chunks themselves live on.
/// </summary>
/// <remarks>
/// <para>
/// Packets leave a window oldest first, so the chunks form a queue: a payload is appended to the newest chunk (never
/// split between two), the oldest payload is read at the front of the oldest chunk, and a chunk whose payloads have all
/// left is reused for the next (it is kept as the one spare) or dropped. A payload larger than a quarter of a chunk is
/// not taken (the window keeps its own array, as it keeps an array with attachments): such packets are rare, a chunk of
/// its own could not be reused, and the limit bounds what a chunk leaves unused at its end when the next payload does
/// not fit. A window whose bound is too small for chunks of a useful size has no chunks at all.
/// </para>
/// <para>
/// The chunks are native memory, not arrays: the collector never moves them nor traces them, and, unlike arrays on the
/// pinned or large object heaps, they count against none of its budgets, so filling a window does not bring on a full
/// collection, and a chunk the arena drops is given back at once rather than at the next full collection. A pooled
/// array is still one the collector ages through its generations (and moves, below the large object size), and the
/// shared pool's buckets are not made to keep a window's worth of arrays held for minutes.
/// The arena alone frees a chunk, when no payload is left in it; reads go through spans checked against its size.
/// </para>
/// <para>
/// A payload is laid out as a header (the packet's timestamp, the bytes its entry counts outside the chunk, the text's
/// length, the room name's length), then the room's name in UTF-16 (when the packet went to one room, which its entry
/// then does not hold as a string), then the text. Not thread-safe: only its window uses it, under the adapter's lock.
/// </para>
/// </remarks>
internal sealed class RecoveryArena
{
    /// <summary>The header before each payload: timestamp (8), counted bytes (4), text length (4), room length (4).</summary>
    internal const int HeaderBytes = 20;

    /// <summary>The largest chunk, whatever the bound: larger ones would only make the arena's slack larger.</summary>
    internal const int MaxChunkBytes = 256 * 1024;

    /// <summary>Below this a chunk would hold too few payloads to be worth its bookkeeping: the window keeps arrays.</summary>
    internal const int MinChunkBytes = 4 * 1024;

    /// <summary>A window's bound is shared among at least this many chunks, so that the arena's slack is a small part of it.</summary>
    internal const int ChunksPerBound = 64;

    /// <summary>Chunks in use, oldest first; the last one is written to.</summary>
    private readonly Queue<Chunk> _chunks = new();
    private Chunk? _tail;
    /// <summary>A chunk whose payloads have all left, kept for the next one needed.</summary>
    private Chunk? _spare;

    public RecoveryArena(long maxBufferedBytes)
    {
        var size = Math.Min(maxBufferedBytes / ChunksPerBound, MaxChunkBytes);
        ChunkBytes = size >= MinChunkBytes ? (int)size : 0;
    }

    /// <summary>The size of each chunk; 0 when the window's bound is too small for chunks.</summary>
    public int ChunkBytes { get; }

    /// <summary>The bytes of the chunks held, the spare included: what the window counts for its payloads in chunks.</summary>
    public long HeldBytes => (long)HeldChunks * ChunkBytes;

    /// <summary>Chunks made since the arena was; for tests, which check that chunks are reused.</summary>
    public long ChunksMade { get; private set; }

    /// <summary>Chunks held, the spare included.</summary>
    public int HeldChunks => _chunks.Count + (_spare is null ? 0 : 1);

    /// <summary>Whether no payload is kept (a spare may still be held).</summary>
    public bool IsEmpty => _chunks.Count == 0;

    /// <summary>The chunk written to; null when the newest payload left.</summary>
    public Chunk? Tail => _tail;

    /// <summary>Whether a chunk has been freed and waits to be reused.</summary>
    public bool HasSpare => _spare is not null;

    /// <summary>What a payload of <paramref name="textLength"/> bytes to a room of <paramref name="roomLength"/> characters takes in a chunk.</summary>
    public static int LengthOf(int textLength, int roomLength) => HeaderBytes + (2 * roomLength) + textLength;

    /// <summary>Whether a payload of <paramref name="length"/> bytes (see <see cref="LengthOf"/>) goes into a chunk.</summary>
    public bool Takes(int length) => length <= ChunkBytes / 4;

    /// <summary>Whether the newest chunk has room for <paramref name="length"/> more bytes.</summary>
    public bool HasRoomFor(int length) => _tail is not null && _tail.Written + length <= ChunkBytes;

    /// <summary>Starts a new chunk to write to: the spare if there is one, otherwise a new one.</summary>
    public void StartChunk()
    {
        Debug.Assert(ChunkBytes > 0, "A window without chunks keeps no payload in one.");
        var chunk = _spare;
        if (chunk is null)
        {
            chunk = new Chunk(ChunkBytes);
            ChunksMade++;
        }

        _spare = null;
        chunk.Read = 0;
        chunk.Written = 0;
        _chunks.Enqueue(chunk);
        _tail = chunk;
    }

    /// <summary>Copies a payload into the newest chunk (which must have room, see <see cref="HasRoomFor"/>); returns its place.</summary>
    public int Write(long timestamp, int counted, ReadOnlySpan<byte> text, string? room)
    {
        var chunk = _tail!;
        var roomLength = room?.Length ?? 0;
        var length = LengthOf(text.Length, roomLength);
        Debug.Assert(Takes(length) && HasRoomFor(length), "A payload is written to a chunk with room for it.");
        var offset = chunk.Written;
        var span = chunk.Bytes.Slice(offset, length);
        MemoryMarshal.Write(span, in timestamp);
        MemoryMarshal.Write(span[8..], in counted);
        var textLength = text.Length;
        MemoryMarshal.Write(span[12..], in textLength);
        MemoryMarshal.Write(span[16..], in roomLength);
        if (room is not null)
        {
            MemoryMarshal.AsBytes(room.AsSpan()).CopyTo(span[HeaderBytes..]);
        }

        text.CopyTo(span[(HeaderBytes + (2 * roomLength))..]);
        chunk.Written = offset + length;
        return offset;
    }

    /// <summary>
    /// The oldest payload, at <paramref name="offset"/> of <paramref name="chunk"/>, leaves: the chunk is reused or
    /// dropped once it was the last of the chunk's.
    /// </summary>
    public void Release(Chunk chunk, int offset)
    {
        Debug.Assert(_chunks.TryPeek(out var oldest) && ReferenceEquals(oldest, chunk), "Payloads leave their chunks oldest first.");
        Debug.Assert(offset == chunk.Read, "The payload that leaves is the oldest of its chunk.");
        chunk.Read = offset + LengthAt(chunk, offset);
        Debug.Assert(chunk.Read <= chunk.Written, "A chunk is read no further than it was written.");
        if (chunk.Read < chunk.Written)
        {
            return;
        }

        _chunks.Dequeue();
        if (ReferenceEquals(chunk, _tail))
        {
            _tail = null;
        }

        // One spare is enough while packets flow (a chunk frees as often as one fills); more would be held for nothing
        // once they stop.
        if (_spare is null)
        {
            _spare = chunk;
        }
        else
        {
            chunk.Dispose();
        }
    }

    /// <summary>Drops the spare chunk: for a window that keeps no payload, so that an idle server holds no chunk.</summary>
    public void DropSpare()
    {
        Debug.Assert(IsEmpty, "The spare is dropped when no payload is kept.");
        _spare?.Dispose();
        _spare = null;
    }

    public static long TimestampAt(Chunk chunk, int offset) => MemoryMarshal.Read<long>(chunk.Bytes[offset..]);

    /// <summary>What the payload's entry counts for outside the chunk (see <see cref="RecoveryWindow"/>).</summary>
    public static int CountedAt(Chunk chunk, int offset) => MemoryMarshal.Read<int>(chunk.Bytes[(offset + 8)..]);

    /// <summary>The packet's text.</summary>
    public static ReadOnlySpan<byte> TextAt(Chunk chunk, int offset)
    {
        var span = chunk.Bytes[offset..];
        var textLength = MemoryMarshal.Read<int>(span[12..]);
        var roomLength = MemoryMarshal.Read<int>(span[16..]);
        return span.Slice(HeaderBytes + (2 * roomLength), textLength);
    }

    /// <summary>The name of the room the packet was sent to, in UTF-16 (empty if its entry holds its selection).</summary>
    public static ReadOnlySpan<char> RoomAt(Chunk chunk, int offset)
    {
        var span = chunk.Bytes[offset..];
        var roomLength = MemoryMarshal.Read<int>(span[16..]);
        return MemoryMarshal.Cast<byte, char>(span.Slice(HeaderBytes, 2 * roomLength));
    }

    private static int LengthAt(Chunk chunk, int offset)
    {
        var span = chunk.Bytes[offset..];
        return LengthOf(MemoryMarshal.Read<int>(span[12..]), MemoryMarshal.Read<int>(span[16..]));
    }

    /// <summary>
    /// Checks that the window's chunk payloads, given oldest first as (chunk, offset), are exactly the arena's: each
    /// chunk's payloads back to back from its oldest to its end, the chunks in the queue's order.
    /// </summary>
    [Conditional("DEBUG")]
    public void AssertPayloads(IEnumerable<(Chunk Chunk, int Offset)> payloads)
    {
        using var chunks = _chunks.GetEnumerator();
        Chunk? current = null;
        var position = 0;
        foreach (var (chunk, offset) in payloads)
        {
            if (!ReferenceEquals(chunk, current))
            {
                Debug.Assert(current is null || position == current.Written, "A chunk holds nothing after its newest payload.");
                Debug.Assert(chunks.MoveNext() && ReferenceEquals(chunks.Current, chunk), "The window's payloads are in the chunks' order.");
                current = chunk;
                position = chunk.Read;
            }

            Debug.Assert(offset == position, "A chunk's payloads lie back to back.");
            position += LengthAt(chunk, offset);
        }

        Debug.Assert(current is null || position == current.Written, "A chunk holds nothing after its newest payload.");
        Debug.Assert(!chunks.MoveNext(), "Every chunk in use holds a payload of the window.");
        Debug.Assert(ReferenceEquals(_tail, current), "The newest payload is in the chunk written to.");
    }

    /// <summary>
    /// A chunk: payloads from <see cref="Read"/> (the oldest) to <see cref="Written"/>, in native memory that the arena
    /// frees when it drops the chunk (or, for a window that is itself dropped, the finalizer does).
    /// </summary>
    internal sealed unsafe class Chunk : IDisposable
    {
        private readonly int _size;
        private byte* _bytes;

        public Chunk(int size)
        {
            _size = size;
            _bytes = (byte*)NativeMemory.Alloc((nuint)size);
        }

        ~Chunk() => NativeMemory.Free(_bytes);

        public Span<byte> Bytes
        {
            get
            {
                Debug.Assert(_bytes is not null, "A chunk is not read once freed.");
                return new(_bytes, _size);
            }
        }

        public int Read { get; set; }

        public int Written { get; set; }

        /// <summary>Frees the memory now: the arena drops the chunk, and nothing refers to its payloads any more.</summary>
        public void Dispose()
        {
            NativeMemory.Free(_bytes);
            _bytes = null;
            GC.SuppressFinalize(this);
        }
    }
}
