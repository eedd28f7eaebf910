using System.Net;
using EngineIo.Tests.WebSockets;

namespace EngineIo.Tests.Transports;

/// <summary>
/// A WebSocket that upgrades a polling session is a new connection, and <see cref="EngineIoOptions.AllowRequest"/>
/// decides on it as on a WebSocket handshake: a check of the Origin header refuses a foreign page's upgrade, on either
/// WebSocket path, and the session goes on over polling.
/// </summary>
public sealed class UpgradeOriginTests
{
    private const string Allowed = "https://app.example";

    [Theory]
    [InlineData("dense")]
    [InlineData("standard")]
    public async Task Upgrade_OriginRefused_400ForbiddenAndTheSessionStaysOnPolling(string path)
    {
        await using var server = await DenseTestServer.StartAsync(options =>
            options.AllowRequest = context => ValueTask.FromResult(context.Request.Headers.Origin.ToString() is "" or Allowed));
        var polling = server.CreateClient(server.StandardPort);
        using var handshake = await polling.GetAsync(DenseTestServer.Url("polling")).DefaultTimeout();
        var sid = OpenPacket.Parse(await handshake.Content.ReadAsStringAsync()).Sid;
        var session = await server.Handler.SessionAsync(sid);
        var port = path == "dense" ? server.DensePort : server.StandardPort;

        using (var foreign = await RawHttpConnection.ConnectAsync(port))
        {
            await foreign.SendAsync(UpgradeHead(DenseTestServer.Url(sid: sid), "https://evil.example"));
            var refused = await foreign.ReadResponseAsync();
            Assert.Equal((400, "Forbidden"), (refused.Status, refused.Body));
        }

        using var post = await polling.PostAsync(DenseTestServer.Url("polling", sid), new StringContent("4still polling")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("still polling", (await session.NextMessageAsync()).Text);
        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);

        using var own = await RawHttpConnection.ConnectAsync(port);
        await own.SendAsync(UpgradeHead(DenseTestServer.Url(sid: sid), Allowed));
        Assert.Equal(101, (await own.ReadResponseAsync()).Status);
    }

    private static string UpgradeHead(string target, string origin) =>
        $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: {origin}\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
}
