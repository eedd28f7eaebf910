using System.Net;
using System.Text;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.Tests.WebSockets;

namespace EngineIo.Tests.Internal;

/// <summary>
/// What a session holds on its way out is bounded in bytes (<see cref="EngineIoOptions.MaxBufferedBytes"/>), counting
/// what waits in its queue and what a transport has taken but cannot write because the client does not read. A client
/// that lets it fill is closed; volatile messages are dropped instead, and dropped first to make room.
/// </summary>
public sealed class OutboundByteBoundTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    /// <summary>A result of the size the service replays, as the probe asked for it again and again.</summary>
    private static readonly byte[] _result = Text(16 * KiB);

    [Fact]
    public void Default_OneMebibyte()
    {
        Assert.Equal(MiB, new EngineIoOptions().MaxBufferedBytes);
    }

    [Fact]
    public async Task Polling_ClientNeverPolls_ClosedBeforeTheBytesPassTheBound()
    {
        const int bound = 64 * KiB;
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = bound);
        var (sid, record) = await server.OpenPollingSessionAsync();
        var session = (EngineIoSession)record.Socket;

        var accepted = 0;
        while (accepted < 1000 && record.Socket.Send(_result))
        {
            accepted++;
            Assert.InRange(session.BufferedBytes, 0, bound);
        }

        // The packet cap (1,024 by default) would have let 16 MiB wait.
        Assert.Equal(bound / _result.Length, accepted);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await record.WaitClosedAsync());
        Assert.Equal(0, session.BufferedBytes);
        using var late = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task Polling_ResponseTheClientDoesNotRead_CountsUntilWritten()
    {
        const int bound = 12 * MiB;
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = bound);
        var (sid, record) = await server.OpenPollingSessionAsync();
        var session = (EngineIoSession)record.Socket;
        var block = Text(MiB);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(record.Socket.Send(block));
        }

        // A GET takes all eight, and the client reads no further than the response's head: more than the socket's
        // buffers hold stays in the response, not yet written.
        using var client = await RawHttpConnection.ConnectAsync(server.BaseAddress.Port, receiveBufferSize: 4 * KiB);
        await client.SendAsync($"GET {EngineIoTestServer.Url(sid: sid)} HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.ReadAtLeastAsync(16);

        Assert.False(session.HasQueuedPackets);
        Assert.Equal(8 * MiB, session.BufferedBytes);
        var accepted = 0;
        while (accepted < 1000 && record.Socket.Send(_result))
        {
            accepted++;
            Assert.InRange(session.BufferedBytes, 0, bound);
        }

        Assert.Equal(4 * MiB / _result.Length, accepted);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await record.WaitClosedAsync());
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("standard")]
    public async Task WebSocket_ClientNeverReads_SendInProgressCountsAndTheConnectionIsDropped(string path)
    {
        const int bound = 9 * MiB;
        var time = new TestTimeProvider();
        await using var server = await DenseTestServer.StartAsync(options => options.MaxBufferedBytes = bound, timeProvider: time);
        using var client = await RawHttpConnection.ConnectAsync(path == "dense" ? server.DensePort : server.StandardPort, receiveBufferSize: 4 * KiB);
        var sid = await client.OpenWebSocketSessionAsync(DenseTestServer.Url());
        var record = await server.Handler.SessionAsync(sid);
        var session = (EngineIoSession)record.Socket;

        // The first bytes of its frame arrive: the writer has taken the message, and its send waits for the client.
        var big = Text(8 * MiB);
        Assert.True(record.Socket.Send(big));
        await client.ReadAtLeastAsync(16);

        Assert.False(session.HasQueuedPackets);
        Assert.Equal(8 * MiB, session.BufferedBytes);
        var accepted = 0;
        while (accepted < 1000 && record.Socket.Send(_result))
        {
            accepted++;
            Assert.InRange(session.BufferedBytes, 0, bound);
        }

        Assert.Equal(MiB / _result.Length, accepted);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await record.WaitClosedAsync());

        // The close frame cannot go out behind a send that never completes: the connection is dropped after the close
        // timeout, and what the send held with it. The client never gets the whole of the big message.
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(5), "for the close timeout");
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.InRange(await client.ReadToEndAsync(), 0, big.Length);
    }

    /// <summary>The probe: twenty clients that never read ask for a result again and again, with the default options.</summary>
    [Theory]
    [InlineData("dense")]
    [InlineData("standard")]
    public async Task TwentyClientsThatNeverRead_EachHoldsNoMoreThanTheDefaultBound(string path)
    {
        await using var server = await DenseTestServer.StartAsync();
        var highest = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        server.Handler.OnMessage = (socket, _) =>
        {
            socket.Send(_result);
            highest.AddOrUpdate(socket.Id, ((EngineIoSession)socket).BufferedBytes, (_, seen) => Math.Max(seen, ((EngineIoSession)socket).BufferedBytes));
            return default;
        };

        var request = ClientFrame.Build(ClientFrame.OpText, "4result"u8);
        var clients = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var client = await RawHttpConnection.ConnectAsync(path == "dense" ? server.DensePort : server.StandardPort, receiveBufferSize: 4 * KiB);
            var record = await server.Handler.SessionAsync(await client.OpenWebSocketSessionAsync(DenseTestServer.Url()));
            for (var sent = 0; sent < 5000 && !record.IsClosed; sent++)
            {
                try
                {
                    await client.SendAsync(request);
                }
                catch (IOException)
                {
                    // The session closed between the check and this send, and the server dropped the connection.
                    break;
                }
            }

            return await record.WaitClosedAsync();
        }).ToArray();

        Assert.All(await Task.WhenAll(clients), reason => Assert.Equal(EngineIoDisconnectReason.TransportError, reason));
        Assert.Equal(20, highest.Count);
        Assert.All(highest.Values, bytes => Assert.InRange(bytes, 0, MiB));
    }

    [Fact]
    public async Task Volatile_NoRoom_DroppedAndTheSessionLivesOn()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = 10);
        var (sid, record) = await server.OpenPollingSessionAsync();

        Assert.True(SendVolatile(record.Socket, "aaaa"));
        Assert.True(SendVolatile(record.Socket, "bbbb"));
        Assert.False(SendVolatile(record.Socket, "cccc"));

        Assert.True(record.Socket.IsOpen);
        using var poll = await server.GetAsync(sid);
        Assert.Equal("4aaaa\u001e4bbbb", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Volatile_QueuedAndAMessageNeedsTheRoom_OldestDroppedFirst()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = 10);
        var (sid, record) = await server.OpenPollingSessionAsync();
        Assert.True(SendVolatile(record.Socket, "aaaa"));
        Assert.True(SendVolatile(record.Socket, "bbbb"));

        Assert.True(record.Socket.Send("cccc"u8.ToArray()));

        Assert.True(record.Socket.IsOpen);
        using var poll = await server.GetAsync(sid);
        Assert.Equal("4bbbb\u001e4cccc", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Volatile_GroupWithAttachments_DroppedWhole()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = 10);
        var (sid, record) = await server.OpenPollingSessionAsync();
        Assert.True(record.Socket.Send([
            new EngineIoMessage("ab"u8.ToArray(), isBinary: false) { IsVolatile = true },
            new EngineIoMessage(new byte[] { 1, 2, 3 }, isBinary: true),
            new EngineIoMessage(new byte[] { 4 }, isBinary: true),
        ]));
        Assert.True(record.Socket.Send("xyz"u8.ToArray()));

        Assert.True(record.Socket.Send("0123456"u8.ToArray()));

        using var poll = await server.GetAsync(sid);
        Assert.Equal("4xyz\u001e40123456", await poll.Content.ReadAsStringAsync());
        Assert.True(record.Socket.IsOpen);
    }

    [Fact]
    public async Task Volatile_DroppingIsNotEnough_NothingDroppedAndTheSessionCloses()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = 10);
        var (_, record) = await server.OpenPollingSessionAsync();
        var session = (EngineIoSession)record.Socket;
        Assert.True(SendVolatile(record.Socket, "aa"));
        Assert.True(record.Socket.Send("bbbbbbb"u8.ToArray()));

        Assert.False(record.Socket.Send("cccc"u8.ToArray()));

        Assert.Equal(EngineIoDisconnectReason.TransportError, await record.WaitClosedAsync());
        Assert.Equal(0, session.BufferedBytes);
    }

    [Fact]
    public async Task Volatile_PacketCapReached_Dropped()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 2);
        var (sid, record) = await server.OpenPollingSessionAsync();
        Assert.True(record.Socket.Send("a"u8.ToArray()));
        Assert.True(record.Socket.Send("b"u8.ToArray()));

        Assert.False(SendVolatile(record.Socket, "c"));

        Assert.True(record.Socket.IsOpen);
        using var poll = await server.GetAsync(sid);
        Assert.Equal("4a\u001e4b", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OneMessageLargerThanTheBound_SentWhenNothingElseIsHeld()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedBytes = 4);
        var (sid, record) = await server.OpenPollingSessionAsync();

        Assert.True(record.Socket.Send("larger than four"u8.ToArray()));

        using var poll = await server.GetAsync(sid);
        Assert.Equal("4larger than four", await poll.Content.ReadAsStringAsync());
        Assert.True(record.Socket.IsOpen);
    }

    private static bool SendVolatile(EngineIoSocket socket, string text) =>
        socket.Send([new EngineIoMessage(Encoding.UTF8.GetBytes(text), isBinary: false) { IsVolatile = true }]);

    private static byte[] Text(int length)
    {
        var text = new byte[length];
        text.AsSpan().Fill((byte)'x');
        return text;
    }
}
