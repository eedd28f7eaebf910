using System.Net.WebSockets;
using System.Text;
using System.Diagnostics.Metrics;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.Transports;
using Microsoft.Extensions.DependencyInjection;
using static TestUtilities.ClientFrame;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// The WebSocket writer on the dense path sends what it finds queued together in one flush (one send), in order, with
/// no more than <see cref="WebSocketTransport.FlushThreshold"/> bytes left unflushed, and what a flush carries counts
/// against the session's bound until it completes. Each test holds the server's flushes (<see cref="FlushRecorder"/>)
/// to stand for a client that has not read yet, so that packets queue behind a pending send deterministically; the
/// heartbeat runs on a clock that never moves, so that no ping gets in between.
/// </summary>
public sealed class DenseWriterBatchingTests
{
    [Fact]
    public async Task Handshake_101AndOpenPacket_OneFlush()
    {
        await using var server = await StartAsync();

        var (_, _, output) = await OpenAsync(server);

        Assert.Equal(1, output.Flushes);
    }

    [Fact]
    public async Task QueuedWhileAFlushIsPending_AllLeaveInTheNextFlush_InOrder()
    {
        await using var server = await StartAsync();
        var (client, record, output) = await OpenAsync(server);
        output.Hold();
        Assert.True(record.Socket.Send("first"u8.ToArray()));
        var first = await output.NextHeldAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(record.Socket.Send(Encoding.UTF8.GetBytes($"m{i}")));
        }

        Assert.True(((EngineIoSession)record.Socket).HasQueuedPackets);
        var flushes = output.Flushes;
        using var packets = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>(), EngineIoMetrics.MeterName, "engineio.packets.sent");
        using var bytes = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>(), EngineIoMetrics.MeterName, "engineio.bytes.sent");
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        record.Socket.WhenDrained(() => drained.TrySetResult());
        first.Release();
        var batch = await output.NextHeldAsync();
        output.Resume();

        // Ten frames of a two-byte header and a three-byte payload ("4m0"...), and nothing else.
        Assert.Equal(10 * 5, batch.Bytes);
        Assert.Equal("4first", (await client.ReadFrameAsync()).Text);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"4m{i}", (await client.ReadFrameAsync()).Text);
        }

        Assert.Equal(flushes + 1, output.Flushes);

        // Counted as sent once their flushes have completed, as framed: the type digit and the data.
        await drained.Task.DefaultTimeout();
        Assert.Equal(11, packets.Sum);
        Assert.Equal(6 + (10 * 3), bytes.Sum);
    }

    [Fact]
    public async Task ManyQueued_FlushedEachTimeTheThresholdIsPassed()
    {
        const int Count = 20;
        const int Size = 4096;
        await using var server = await StartAsync();
        var (client, record, output) = await OpenAsync(server);
        output.Hold();
        Assert.True(record.Socket.Send("first"u8.ToArray()));
        var first = await output.NextHeldAsync();
        for (var i = 0; i < Count; i++)
        {
            Assert.True(record.Socket.Send(Encoding.UTF8.GetBytes(((char)('a' + i)).ToString() + new string('x', Size - 1))));
        }

        var reading = ReadTextFramesAsync(client, 1 + Count);
        first.Release();

        // A frame is the type digit and the data, after a four-byte header (a payload of 126 bytes or more).
        const int Frame = 4 + 1 + Size;
        var batches = new List<long>();
        while (batches.Sum() < Count * Frame)
        {
            var held = await output.NextHeldAsync();
            batches.Add(held.Bytes);
            held.Release();
        }

        output.Resume();
        var perBatch = (WebSocketTransport.FlushThreshold + Size) / (1 + Size);
        Assert.Equal((Count + perBatch - 1) / perBatch, batches.Count);
        Assert.All(batches.SkipLast(1), bytes => Assert.Equal(perBatch * Frame, bytes));
        var frames = await reading;
        Assert.Equal(["4first", .. Enumerable.Range(0, Count).Select(i => "4" + (char)('a' + i) + new string('x', Size - 1))], frames);
    }

    [Fact]
    public async Task BatchInFlight_CountsAgainstTheBoundUntilItsFlushCompletes()
    {
        await using var server = await StartAsync(options => options.MaxBufferedBytes = 10_000);
        var (client, record, output) = await OpenAsync(server);
        var session = (EngineIoSession)record.Socket;
        output.Hold();
        Assert.True(record.Socket.Send(Text(1000)));
        var first = await output.NextHeldAsync();
        Assert.True(record.Socket.Send(Text(2000)));
        Assert.True(record.Socket.Send(Text(2000)));
        Assert.True(record.Socket.Send(Text(2000)));
        Assert.Equal(7000, session.BufferedBytes);

        first.Release();
        var batch = await output.NextHeldAsync();

        // The writer has taken all three into one flush that has not completed: nothing is queued, and all of it is held.
        Assert.False(session.HasQueuedPackets);
        Assert.Equal(6000, session.BufferedBytes);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        record.Socket.WhenDrained(() => drained.TrySetResult());
        Assert.False(drained.Task.IsCompleted);

        // A volatile message with no room is dropped, and the session lives on.
        Assert.False(record.Socket.Send([new EngineIoMessage(Text(5000), isBinary: false) { IsVolatile = true }]));
        Assert.False(record.IsClosed);

        batch.Release();
        output.Resume();
        await drained.Task.DefaultTimeout();
        Assert.Equal(0, session.BufferedBytes);
        Assert.Equal([1001, 2001, 2001, 2001], (await ReadTextFramesAsync(client, 4)).Select(text => text.Length));
    }

    [Fact]
    public async Task BatchInFlight_MessageThatDoesNotFit_SessionClosedAfterTheBatchAndItsCloseFrame()
    {
        await using var server = await StartAsync(options => options.MaxBufferedBytes = 10_000);
        var (client, record, output) = await OpenAsync(server);
        output.Hold();
        Assert.True(record.Socket.Send(Text(1000)));
        var first = await output.NextHeldAsync();
        Assert.True(record.Socket.Send(Text(3000)));
        Assert.True(record.Socket.Send(Text(3000)));
        first.Release();
        var batch = await output.NextHeldAsync();

        // 6,000 bytes in flight leave no room for 5,000 more.
        Assert.False(record.Socket.Send(Text(5000)));

        Assert.Equal(EngineIoDisconnectReason.TransportError, await record.WaitClosedAsync());
        batch.Release();
        output.Resume();
        Assert.Equal(1001, (await client.ReadFrameAsync()).Payload.Length);
        Assert.Equal(3001, (await client.ReadFrameAsync()).Payload.Length);
        Assert.Equal(3001, (await client.ReadFrameAsync()).Payload.Length);
        Assert.Equal(OpClose, (await client.ReadFrameAsync()).Opcode);
    }

    [Fact]
    public async Task VolatileTakenIntoABatch_Sent_VolatileStillQueued_DroppedForRoom()
    {
        await using var server = await StartAsync(options => options.MaxBufferedBytes = 10_000);
        var (client, record, output) = await OpenAsync(server);
        output.Hold();
        Assert.True(record.Socket.Send("first"u8.ToArray()));
        var first = await output.NextHeldAsync();
        Assert.True(record.Socket.Send(Text(2000, 'b')));
        Assert.True(record.Socket.Send([new EngineIoMessage(Text(2000, 'v'), isBinary: false) { IsVolatile = true }]));
        first.Release();
        var batch = await output.NextHeldAsync();

        // The writer took the volatile message along with the one before it: it is on its way and stays. One queued
        // behind the pending flush is dropped to make room for a message that is not volatile.
        Assert.True(record.Socket.Send([new EngineIoMessage(Text(2000, 'w'), isBinary: false) { IsVolatile = true }]));
        Assert.True(record.Socket.Send(Text(5000, 'n')));
        Assert.False(record.IsClosed);

        batch.Release();
        output.Resume();
        Assert.Equal(["4first", "4" + new string('b', 2000), "4" + new string('v', 2000), "4" + new string('n', 5000)], await ReadTextFramesAsync(client, 4));
    }

    [Fact]
    public async Task CloseAfterQueuedMessages_MessagesThenCloseFrame_InOneFlush()
    {
        await using var server = await StartAsync();
        var (client, record, output) = await OpenAsync(server);
        output.Hold();
        Assert.True(record.Socket.Send("first"u8.ToArray()));
        var first = await output.NextHeldAsync();
        Assert.True(record.Socket.Send("second"u8.ToArray()));
        Assert.True(record.Socket.Send("third"u8.ToArray()));
        record.Socket.Close();
        var flushes = output.Flushes;

        output.Resume();
        Assert.Equal(["4first", "4second", "4third"], await ReadTextFramesAsync(client, 3));
        var close = await client.ReadFrameAsync();
        Assert.Equal(OpClose, close.Opcode);
        Assert.Equal((int)WebSocketCloseStatus.NormalClosure, close.CloseCode);
        Assert.Equal(flushes + 1, output.Flushes);
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await record.WaitClosedAsync());
    }

    [Fact]
    public async Task AnswersQueuedDuringDispatch_SentByTheReceiveLoopInOneFlush()
    {
        await using var server = await StartAsync();
        server.Handler.OnMessage = (socket, _) =>
        {
            socket.Send("one"u8.ToArray());
            socket.Send("two"u8.ToArray());
            socket.Send("three"u8.ToArray());
            return default;
        };
        var (client, _, output) = await OpenAsync(server);
        var flushes = output.Flushes;

        await client.SendAsync(Build(OpText, "4go"u8));

        Assert.Equal(["4one", "4two", "4three"], await ReadTextFramesAsync(client, 3));
        Assert.Equal(flushes + 1, output.Flushes);
    }

    private static Task<DenseTestServer> StartAsync(Action<EngineIoOptions>? configure = null) =>
        DenseTestServer.StartAsync(configure, timeProvider: new TestTimeProvider(), recordFlushes: true);

    /// <summary>A raw client with a session on the dense path, its session, and its connection's output.</summary>
    private static async Task<(RawHttpConnection Client, SessionRecord Record, FlushRecorder Output)> OpenAsync(DenseTestServer server)
    {
        var client = await RawHttpConnection.ConnectAsync(server.DensePort);
        var record = await server.Handler.SessionAsync(await client.OpenWebSocketSessionAsync(DenseTestServer.Url()));
        return (client, record, Assert.Single(server.FlushRecorders));
    }

    private static async Task<string[]> ReadTextFramesAsync(RawHttpConnection client, int count)
    {
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            var frame = await client.ReadFrameAsync();
            Assert.Equal(OpText, frame.Opcode);
            texts[i] = frame.Text;
        }

        return texts;
    }

    private static byte[] Text(int length, char fill = 'x') => Encoding.ASCII.GetBytes(new string(fill, length));
}
