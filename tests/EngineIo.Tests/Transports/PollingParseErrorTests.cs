using System.Net;
using System.Text;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Transports;

/// <summary>A polling POST that cannot be decoded closes its session with "parse error", and only that session.</summary>
public sealed class PollingParseErrorTests
{
    public static TheoryData<string, string[]> MalformedBodies => new()
    {
        { "abc", [] },
        { "", [] },
        { "b!!!", [] },
        { "9", [] },
        { "\u001e", [] },
        { "4a\u001e", ["a"] },
        { "\u001e4a", [] },
        { "4a\u001e\u001e4b", ["a"] },
        { "4a\u001ex\u001e4b", ["a"] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_MalformedBody_SessionClosedWithParseErrorOthersUnaffected(string body, string[] deliveredFirst)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (sid, session) = await server.OpenPollingSessionAsync();
        var (otherSid, other) = await server.OpenPollingSessionAsync();

        using var post = await server.Client.PostAsync(EngineIoTestServer.Url(sid: sid), new ByteArrayContent(Encoding.UTF8.GetBytes(body))).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await post.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        foreach (var expected in deliveredFirst)
        {
            Assert.Equal(expected, (await session.NextMessageAsync()).Text);
        }

        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
        using var later = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", await later.Content.ReadAsStringAsync());

        // Another session of the same server goes on as if nothing happened.
        using var otherPost = await server.PostAsync(otherSid, "4still-fine");
        using var otherGet = await server.GetAsync(otherSid);
        Assert.Equal("ok", await otherPost.Content.ReadAsStringAsync());
        Assert.Equal("4still-fine", await otherGet.Content.ReadAsStringAsync());
        Assert.Equal("still-fine", (await other.NextMessageAsync()).Text);
        Assert.True(other.Socket.IsOpen);
    }

    /// <summary>
    /// Text that is not UTF-8 (a stray continuation byte, a truncated character, an encoded surrogate) is refused as a
    /// WebSocket refuses it with 1007: the packet is not delivered, and the session closes with "parse error".
    /// </summary>
    [Theory]
    [InlineData("3480")]
    [InlineData("3461E282")]
    [InlineData("34EDA080")]
    [InlineData("3461FF62")]
    public async Task Post_TextNotUtf8_RefusedWithParseError(string hex)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();

        using var post = await server.PostAsync(sid, new ByteArrayContent(Convert.FromHexString(hex)));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await post.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out var unexpected), $"Unexpected message \"{unexpected.Text}\".");
    }

    [Fact]
    public async Task Post_MalformedBody_PendingGetGetsClosePacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var poll = await server.BeginGetAsync(sid);

        using var post = await server.PostAsync(sid, "abc");
        using var get = await poll.DefaultTimeout();

        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("1", await get.Content.ReadAsStringAsync());
    }
}
