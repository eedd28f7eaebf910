using System.Text;
using SocketIo.Adapters;
using SocketIo.Internal;

namespace SocketIo.Tests.Recovery;

/// <summary>
/// The recovery window's arena: packets' bytes copied into a queue of reused chunks, which count whole against the
/// window's bound and are let go when the window empties. Each test runs the real window (its Debug invariant checks
/// included: the bytes counted, and the entries in chunks against the chunks' contents, after every call).
/// </summary>
public sealed class RecoveryArenaTests
{
    /// <summary>A bound whose chunks are the smallest the window makes: a few packets fill one.</summary>
    private const long SmallBound = RecoveryArena.ChunksPerBound * RecoveryArena.MinChunkBytes;

    private static readonly SocketIoBroadcastOptions _all = new(new HashSet<string>(), new HashSet<string>(), isVolatile: false, isLocal: false);

    /// <summary>An event whose text names its index, padded to about <paramref name="size"/> bytes.</summary>
    private static SocketIoPacket Event(int index, int size = 900) =>
        new(Encoding.UTF8.GetBytes("2[\"e\",\"" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + new string('x', Math.Max(0, size - 16)) + "\"]"), []);

    private static string Expected(int index, long offset, int size = 900) =>
        "2[\"e\",\"" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + new string('x', Math.Max(0, size - 16)) + "\",\"" + offset + "\"]";

    private static List<string> Missed(RecoveryWindow window, string privateId, long after)
    {
        var restored = window.Restore(privateId, after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(restored);
        return [.. restored.MissedPackets.Select(p => Encoding.UTF8.GetString(p.Text.Span))];
    }

    [Fact]
    public void Append_ManyMoreThanTheBound_ChunksWrapAroundAndAreReusedNotMadeAgain()
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound }, new TestTimeProvider());
        Assert.Equal(RecoveryArena.MinChunkBytes, window.ChunkBytes);

        // Fill the window to its bound, then go round it several times.
        var index = 0;
        for (; index < 2_000; index++)
        {
            window.Append(Event(index), _all);
            Assert.True(window.Bytes <= SmallBound);
        }

        var made = window.ChunksMade;
        Assert.InRange(made, 2, RecoveryArena.ChunksPerBound);
        for (; index < 10_000; index++)
        {
            window.Append(Event(index), _all);
            Assert.True(window.Bytes <= SmallBound);
            Assert.InRange(window.ChunkCount, 1, RecoveryArena.ChunksPerBound);
        }

        Assert.Equal(made, window.ChunksMade);

        // What is kept is the newest packets, each with its own bytes, though their chunks have been written over
        // many times: a session that saw the oldest kept gets all the others, in order, across the chunks.
        var count = window.PacketCount;
        Assert.True(count > 2 * (RecoveryArena.MinChunkBytes / 1000), $"{count} packets kept");
        window.Persist(new SocketIoSession("s", "pid", ["s"], null));
        var first = 10_000L - count + 1;
        Assert.Equal(
            Enumerable.Range((int)first + 1, count - 1).Select(offset => Expected(offset - 1, offset)),
            Missed(window, "pid", first));
    }

    [Fact]
    public void Append_OlderThanTheWindowAcrossChunks_EvictedAndTheirChunksLetGo()
    {
        var time = new TestTimeProvider();
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound }, time);

        // A first batch over several chunks, a second a minute later, over several more: together within the bound.
        for (var i = 0; i < 20; i++)
        {
            window.Append(Event(i), _all);
        }

        var firstBatchChunks = window.ChunkCount;
        Assert.InRange(firstBatchChunks, 4, 10);
        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 20; i < 40; i++)
        {
            window.Append(Event(i), _all);
        }

        Assert.Equal(40, window.PacketCount);
        var chunks = window.ChunkCount;

        // The first batch ages out: its packets leave, all of them, and their chunks but one spare are dropped.
        time.Advance(TimeSpan.FromSeconds(61));
        window.Append(Event(40), _all);

        Assert.Equal(21, window.PacketCount);
        Assert.InRange(window.ChunkCount, chunks - firstBatchChunks + 1, chunks - firstBatchChunks + 2);
        window.Persist(new SocketIoSession("s", "pid", ["s"], null));
        Assert.Equal(Enumerable.Range(21, 20).Select(i => Expected(i, i + 1)), Missed(window, "pid", 21));
        window.Persist(new SocketIoSession("s2", "old", ["s2"], null));
        Assert.Null(window.Restore("old", "20"));
    }

    [Fact]
    public void Restore_AfterEverythingLeft_NothingCountedNoChunkHeld()
    {
        var time = new TestTimeProvider();
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound }, time);
        window.Append(Event(0), To("a"));
        window.Append(new SocketIoPacket("2[\"ack\",{\"id\":\"b\"}]"u8.ToArray(), []), To("b"));
        for (var i = 1; i < 30; i++)
        {
            window.Append(Event(i, size: i % 3 == 0 ? 5_000 : 300), i % 2 == 0 ? _all : To("a"));
        }

        Assert.True(window.ChunkCount > 1);
        Assert.True(window.Bytes > window.ChunkCount * (long)window.ChunkBytes);

        // The next call after the window has passed lets everything go: nothing counted, no chunk, not even a spare.
        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromTicks(1));
        Assert.Null(window.Restore("nobody", "1"));

        Assert.Equal(0, window.PacketCount);
        Assert.Equal(0, window.Bytes);
        Assert.Equal(0, window.ChunkCount);

        // And it starts again from one chunk.
        window.Append(Event(100), _all);
        Assert.Equal(1, window.ChunkCount);
    }

    [Fact]
    public void Restore_PayloadsLargerThanAChunkTakes_KeptApartGivenBackInOrderWithTheOthers()
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound }, new TestTimeProvider());
        // Event(i, size) has a text of size - 1 bytes: 1005 is the largest a chunk takes (a quarter of it, with the header).
        var largest = (RecoveryArena.MinChunkBytes / 4) - RecoveryArena.HeaderBytes + 1;
        int[] sizes = [300, largest, largest + 1, RecoveryArena.MinChunkBytes + 100, 600, 600, 600, 600, 3 * RecoveryArena.MinChunkBytes, 300];
        window.Append(Event(99), _all);
        for (var i = 0; i < sizes.Length; i++)
        {
            window.Append(Event(i, sizes[i]), _all);
        }

        // The three largest are not in chunks: the others fit in two.
        Assert.Equal(2, window.ChunkCount);
        window.Persist(new SocketIoSession("s", "pid", ["s"], null));
        Assert.Equal(sizes.Select((size, i) => Expected(i, i + 2, size)), Missed(window, "pid", 1));
    }

    [Fact]
    public void Restore_PacketsToOneRoomInChunks_OnlyToThatRoomsSessions()
    {
        // A socket's own emit (its own room, a text that does not name it) and a broadcast to one room of any kind of
        // set: both keep the room's name beside the text in the chunk.
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound }, new TestTimeProvider());
        window.Append(Event(0), _all);
        for (var i = 1; i <= 12; i++)
        {
            window.Append(Event(i), i % 3 == 0 ? To("sock-é") : i % 3 == 1 ? new(new HashSet<string> { "job:1" }, new HashSet<string>(), false, false) : _all);
        }

        window.Persist(new SocketIoSession("sock-é", "pid-a", ["sock-é", "job:1"], null));
        window.Persist(new SocketIoSession("sock-b", "pid-b", ["sock-b", "job:2"], null));
        window.Persist(new SocketIoSession("sock-", "pid-c", ["sock-", "job:"], null));

        Assert.Equal(Enumerable.Range(1, 12).Select(i => Expected(i, i + 1)), Missed(window, "pid-a", 1));
        Assert.Equal(Enumerable.Range(1, 12).Where(i => i % 3 == 2).Select(i => Expected(i, i + 1)), Missed(window, "pid-b", 1));
        Assert.Equal(Enumerable.Range(1, 12).Where(i => i % 3 == 2).Select(i => Expected(i, i + 1)), Missed(window, "pid-c", 1));
    }

    [Fact]
    public void Append_BoundTooSmallForChunks_KeepsArraysAsBefore()
    {
        var window = new RecoveryWindow(new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = SmallBound - 1 }, new TestTimeProvider());
        Assert.Equal(0, window.ChunkBytes);
        for (var i = 0; i < 100; i++)
        {
            window.Append(Event(i, 300), _all);
        }

        Assert.Equal(0, window.ChunkCount);
        window.Persist(new SocketIoSession("s", "pid", ["s"], null));
        Assert.Equal(Enumerable.Range(98, 2).Select(i => Expected(i, i + 1, 300)), Missed(window, "pid", 98));
    }

    private static SocketIoBroadcastOptions To(string room) =>
        new(new SingleRoomSet(room), new HashSet<string>(), isVolatile: false, isLocal: false);
}
