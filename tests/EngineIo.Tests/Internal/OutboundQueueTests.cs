using System.Net;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Internal;

/// <summary>
/// A session's outbound queue is bounded by <see cref="EngineIoOptions.MaxBufferedPackets"/>: a client that does not
/// drain it is closed instead of buffered without bound, and the server goes on serving everyone else.
/// </summary>
public sealed class OutboundQueueTests
{
    private const string UnknownSid = """{"code":1,"message":"Session ID unknown"}""";

    [Fact]
    public async Task Send_ClientNeverPolls_ClosedWithTransportErrorWhenQueueIsFull()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 4);
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var (otherSid, other) = await server.OpenPollingSessionAsync();

        var accepted = Enumerable.Range(0, 4).Select(i => session.Socket.Send(new[] { (byte)('a' + i) })).ToArray();
        var overflow = session.Socket.Send("e"u8.ToArray());

        Assert.Equal([true, true, true, true], accepted);
        Assert.False(overflow);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(session.Socket.IsOpen);
        Assert.False(session.Socket.Send("f"u8.ToArray()));
        using var late = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal(UnknownSid, await late.Content.ReadAsStringAsync());

        using var otherPost = await server.PostAsync(otherSid, "4fine");
        using var otherGet = await server.GetAsync(otherSid);
        Assert.Equal("4fine", await otherGet.Content.ReadAsStringAsync());
        Assert.True(other.Socket.IsOpen);
    }

    [Fact]
    public async Task Send_QueueDrainedByPoll_CapCountsOnlyWhatWaits()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 4);
        var (sid, session) = await server.OpenPollingSessionAsync();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.True(session.Socket.Send(new[] { (byte)('0' + i) }));
            }

            using var poll = await server.GetAsync(sid);
            Assert.Equal("40\u001e41\u001e42\u001e43", await poll.Content.ReadAsStringAsync());
        }

        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task SendBatch_LargerThanRoomLeft_QueuesNoneAndCloses()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 4);
        var (_, session) = await server.OpenPollingSessionAsync();
        Assert.True(session.Socket.Send("a"u8.ToArray()));
        var batch = new EngineIoMessage[]
        {
            new("b"u8.ToArray(), isBinary: false),
            new(new byte[] { 1 }, isBinary: true),
            new("c"u8.ToArray(), isBinary: false),
            new("d"u8.ToArray(), isBinary: false),
        };

        Assert.False(session.Socket.Send(batch));

        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task SendBatch_FitsExactly_QueuedTogether()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 4);
        var (sid, session) = await server.OpenPollingSessionAsync();
        var batch = new EngineIoMessage[]
        {
            new("a"u8.ToArray(), isBinary: false),
            new(new byte[] { 1, 2, 3 }, isBinary: true),
            new(new byte[] { 4 }, isBinary: true),
            new("z"u8.ToArray(), isBinary: false),
        };

        Assert.True(session.Socket.Send(batch));
        using var poll = await server.GetAsync(sid);

        Assert.Equal("4a\u001ebAQID\u001ebBA==\u001e4z", await poll.Content.ReadAsStringAsync());
        Assert.True(session.Socket.IsOpen);
    }
}
