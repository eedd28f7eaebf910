using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Protocol;

/// <summary>What a session keeps of the request that opened it, and what it does not need to keep.</summary>
public sealed class HandshakeRecordTests
{
    [Fact]
    public async Task WebSocketHandshake_KeepsHeadersButNotTheWebSocketKey()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        using var _ = socket;

        var headers = session.Socket.Handshake.Headers;
        Assert.Equal("websocket", headers.Upgrade.ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("13", headers.SecWebSocketVersion.ToString());
        Assert.False(headers.ContainsKey("Sec-WebSocket-Key"));
    }

    [Fact]
    public async Task Sessions_OfOneKindOfClient_ShareTheirRepeatedStrings()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Client.DefaultRequestHeaders.UserAgent.ParseAdd("HandshakeRecordTests/" + Guid.NewGuid().ToString("N"));

        var (_, first) = await server.OpenPollingSessionAsync();
        var (_, second) = await server.OpenPollingSessionAsync();

        var one = first.Socket.Handshake;
        var two = second.Socket.Handshake;
        Assert.Equal(one.Headers.UserAgent.ToString(), two.Headers.UserAgent.ToString());
        Assert.Same(one.Headers.UserAgent.ToString(), two.Headers.UserAgent.ToString());
        Assert.Same(one.Url, two.Url);
        Assert.Same(one.User, two.User);
        Assert.False(one.User.Identity!.IsAuthenticated);
        Assert.Equal("polling", one.Query["transport"]);
    }

    [Fact]
    public async Task Credentials_AreKeptButNotShared()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Client.DefaultRequestHeaders.Add("Cookie", "session=" + Guid.NewGuid().ToString("N"));

        var (_, first) = await server.OpenPollingSessionAsync();
        var (_, second) = await server.OpenPollingSessionAsync();

        var cookie = first.Socket.Handshake.Headers.Cookie.ToString();
        Assert.StartsWith("session=", cookie, StringComparison.Ordinal);
        Assert.Equal(cookie, second.Socket.Handshake.Headers.Cookie.ToString());

        // Not in the shared strings: an equal string handed to them comes back as itself, not as the first session's.
        var probe = new string(cookie.AsSpan());
        Assert.Same(probe, HandshakeStrings.Shared.Share(probe));
    }

    [Fact]
    public void SharedStrings_StopGrowingAtTheirBound()
    {
        var strings = new HandshakeStrings(maxEntries: 2);
        var first = strings.Share(new string("first"));
        Assert.Same(first, strings.Share(new string("first")));
        strings.Share("second");

        var third = new string("third");
        Assert.Same(third, strings.Share(third));
        Assert.NotSame(third, strings.Share(new string("third")));
        Assert.Same(first, strings.Share(new string("first")));
    }
}
