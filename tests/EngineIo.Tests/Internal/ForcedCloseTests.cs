using System.Net;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Internal;

/// <summary><see cref="EngineIoSocket.Close"/> on a polling session: what is queued is delivered, then a close packet.</summary>
public sealed class ForcedCloseTests
{
    private const string UnknownSid = """{"code":1,"message":"Session ID unknown"}""";

    [Fact]
    public async Task Close_PendingGet_GetsClosePacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        session.Socket.Close();
        using var response = await poll.DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Close_QueuedMessages_NextGetGetsThemAndTheOneAfterTheClosePacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        session.Socket.Send("a"u8.ToArray());
        session.Socket.SendBinary(new byte[] { 1, 2, 3 });

        session.Socket.Close();

        Assert.False(session.Socket.IsOpen);
        Assert.False(session.Socket.Send("dropped"u8.ToArray()));
        Assert.False(session.Closed.IsCompleted);
        using var response = await server.GetAsync(sid);
        Assert.Equal("4a\u001ebAQID", await response.Content.ReadAsStringAsync());
        Assert.False(session.Closed.IsCompleted);

        // Clients act on a close packet before the messages of the same payload, so it comes alone, next.
        using var closing = await server.GetAsync(sid);
        Assert.Equal("1", await closing.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Close_Twice_ReportedOnce()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        session.Socket.Close();
        session.Socket.Close();
        using var response = await server.GetAsync(sid);

        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Close_ClientNeverPollsAgain_AbortedAfterPingTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await EngineIoTestServer.StartAsync(options => options.PingTimeout = TimeSpan.FromSeconds(2), time);
        var (sid, session) = await server.OpenPollingSessionAsync();

        session.Socket.Close();
        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.False(session.Closed.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }
}
