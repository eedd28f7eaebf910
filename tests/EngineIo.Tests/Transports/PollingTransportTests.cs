using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EngineIo.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Tests.Transports;

/// <summary>HTTP long-polling: POST delivers packets, GET drains the queue, and the rules for overlapping requests.</summary>
public sealed class PollingTransportTests
{
    private const string UnknownSid = """{"code":1,"message":"Session ID unknown"}""";

    [Fact]
    public async Task Post_MessagePacket_OkAndDelivered()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var response = await server.PostAsync(sid, "4hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal("no-store", string.Join(",", response.Headers.GetValues("Cache-Control")));
        var message = await session.NextMessageAsync();
        Assert.Equal("hello", message.Text);
        Assert.False(message.IsBinary);
        Assert.Equal(EngineIoTransports.Polling, message.Transport);
    }

    [Fact]
    public async Task Post_PacketsAreProcessedBeforeOk()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var response = await server.PostAsync(sid, "4hello");

        // The ok is written after the handler has run, so the message is already there.
        Assert.True(session.TryTakeMessage(out var message));
        Assert.Equal("hello", message.Text);
    }

    [Fact]
    public async Task Post_SeveralPacketsAndBinary_DeliveredInOrder()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var response = await server.PostAsync(sid, "4a\u001e4\u001ebAQID\u001e4é€\u001eb\u001e6\u001e3\u001e4z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var a = await session.NextMessageAsync();
        var empty = await session.NextMessageAsync();
        var binary = await session.NextMessageAsync();
        var unicode = await session.NextMessageAsync();
        var emptyBinary = await session.NextMessageAsync();
        var z = await session.NextMessageAsync();
        Assert.Equal(("a", false), (a.Text, a.IsBinary));
        Assert.Equal(("", false), (empty.Text, empty.IsBinary));
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Data);
        Assert.True(binary.IsBinary);
        Assert.Equal("é€", unicode.Text);
        Assert.True(emptyBinary.IsBinary);
        Assert.Empty(emptyBinary.Data);
        Assert.Equal("z", z.Text);
        Assert.False(session.TryTakeMessage(out _));
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Get_QueuedTextAndBinary_DrainedAsOnePayload()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        Assert.True(session.Socket.Send("a"u8.ToArray()));
        Assert.True(session.Socket.SendBinary(new byte[] { 1, 2, 3 }));

        using var response = await server.GetAsync(sid);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4a\u001ebAQID", body);
        Assert.Equal("text/plain; charset=UTF-8", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        Assert.Equal("no-store", string.Join(",", response.Headers.GetValues("Cache-Control")));
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_NothingQueued_WaitsUntilSomethingIsSent()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        Assert.False(poll.IsCompleted);
        session.Socket.Send("late"u8.ToArray());
        using var response = await poll.DefaultTimeout();

        Assert.Equal("4late", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_AfterDrain_QueueIsEmpty()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        session.Socket.Send("one"u8.ToArray());
        using var first = await server.GetAsync(sid);
        var poll = await server.BeginGetAsync(sid);
        session.Socket.Send("two"u8.ToArray());

        using var second = await poll.DefaultTimeout();

        Assert.Equal("4one", await first.Content.ReadAsStringAsync());
        Assert.Equal("4two", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_ConcurrentSecondGet_400AndFirstGetsCloseAndSessionClosed()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var firstPoll = await server.BeginGetAsync(sid);

        using var second = await server.GetAsync(sid);
        using var first = await firstPoll.DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("1", await first.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ConcurrentSecondPost_400AndSessionClosed()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var gated = new GatedContent("4fir"u8.ToArray(), "st"u8.ToArray());
        gated.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var firstPost = await server.BeginPostAsync(sid, gated);
        await gated.FirstPartSent.DefaultTimeout();

        using var second = await server.PostAsync(sid, "4second");
        gated.Release();
        try
        {
            using var first = await firstPost.DefaultTimeout();
        }
        catch (HttpRequestException)
        {
            // The reference resets the first POST; an answer after the body is complete is fine too.
        }

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        // Neither body reached the handler: the session was closed before the first one was complete.
        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
        using var later = await server.GetAsync(sid);
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_WhileGetPending_BothServed()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        using var post = await server.PostAsync(sid, "4ping-pong");
        using var get = await poll.DefaultTimeout();

        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal("4ping-pong", await get.Content.ReadAsStringAsync());
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Post_ClosePacket_PendingGetGetsNoopAndSessionClosedByClient()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        using var post = await server.PostAsync(sid, "1");
        using var get = await poll.DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("6", await get.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        using var later = await server.GetAsync(sid);
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ClosePacketNoPollPending_RacingGetGetsNoopThenSidUnknown()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var post = await server.PostAsync(sid, "1");
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        // A client sends its close and its next poll at once; the poll that arrives second still gets an answer.
        using var racing = await server.GetAsync(sid);
        using var later = await server.GetAsync(sid);

        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, racing.StatusCode);
        Assert.Equal("6", await racing.Content.ReadAsStringAsync());
        Assert.Equal(UnknownSid, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_PacketsAfterClosePacket_NotDelivered()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var post = await server.PostAsync(sid, "4before\u001e1\u001e4after");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        Assert.Equal("before", (await session.NextMessageAsync()).Text);
        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOverMaxPayload_413AndSessionLives(bool declareLength)
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxPayload = 100);
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var oversized = "4" + new string('x', 100);
        HttpContent content = declareLength
            ? new StringContent(oversized, Encoding.UTF8, "text/plain")
            : new GatedContent(Encoding.UTF8.GetBytes(oversized), []);
        (content as GatedContent)?.Release();

        using var refused = await server.PostAsync(sid, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("", await refused.Content.ReadAsStringAsync());
        Assert.True(session.Socket.IsOpen);
        Assert.False(session.TryTakeMessage(out _));
        // Exactly the limit is fine, and the session works as before.
        using var accepted = await server.PostAsync(sid, "4" + new string('y', 99));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(new string('y', 99), (await session.NextMessageAsync()).Text);
        using var get = await server.GetAsync(sid);
        Assert.Equal("4" + new string('y', 99), await get.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A body that trickles (as Node's engine.io bounds with httpRequestBodyTimeout): 408 once the body timeout has
    /// passed, the session closed, and nothing of the partial body delivered.
    /// </summary>
    [Fact]
    public async Task Post_BodyNotCompleteInTime_408AndSessionClosed()
    {
        var time = new TestTimeProvider();
        await using var server = await EngineIoTestServer.StartAsync(options => options.RequestBodyTimeout = TimeSpan.FromSeconds(30), time);
        var (sid, session) = await server.OpenPollingSessionAsync();
        using var client = await RawHttpConnection.ConnectAsync(server.BaseAddress.Port);
        await client.SendAsync($"POST {EngineIoTestServer.Url(sid: sid)} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n4par");
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30), "for the body's deadline");

        time.Advance(TimeSpan.FromSeconds(30));

        var response = await client.ReadResponseAsync();
        Assert.Equal(StatusCodes.Status408RequestTimeout, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
    }

    [Fact]
    public async Task Get_ClientAbortsPendingGet_SessionClosedWithTransportError()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        using var abort = new CancellationTokenSource();
        var poll = await server.BeginGetAsync(sid, abort.Token);

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll).DefaultTimeout();
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Post_ClientAbortsMidBody_SessionClosedWithTransportError()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        using var abort = new CancellationTokenSource();
        var gated = new GatedContent("4par"u8.ToArray(), "tial"u8.ToArray());
        var post = await server.BeginPostAsync(sid, gated, abort.Token);
        await gated.FirstPartSent.DefaultTimeout();

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post).DefaultTimeout();
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out _));
    }

    [Fact]
    public async Task Post_OctetStreamBody_400AndSessionClosedWithTransportError()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var content = new ByteArrayContent("4hello"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await server.PostAsync(sid, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out _));
    }

    [Fact]
    public async Task Post_PingPacket_SessionClosedWithTransportError()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        using var post = await server.PostAsync(sid, "2");
        using var get = await poll.DefaultTimeout();

        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.Equal("1", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_IgnoredPacketTypes_SessionStaysOpen()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var post = await server.PostAsync(sid, "0\u001e5\u001e6\u001e3\u001e4after");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("after", (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Endpoint_PathBelowEndpoint_Served()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/engine.io/foo/bar/?EIO=4&transport=polling").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        OpenPacket.Parse(await response.Content.ReadAsStringAsync());
    }
}
