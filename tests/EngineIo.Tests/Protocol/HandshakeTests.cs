using System.Net;
using System.Text.RegularExpressions;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Protocol;

/// <summary>The open packet a handshake answers with, on either transport.</summary>
public sealed partial class HandshakeTests
{
    private static readonly string[] _openPacketKeys = ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"];

    [GeneratedRegex("^[A-Za-z0-9_-]{20}$")]
    private static partial Regex SidPattern();

    [Fact]
    public async Task PollingHandshake_DefaultOptions_ReturnsOpenPacketOnly()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        Assert.Equal("no-store", string.Join(",", response.Headers.GetValues("Cache-Control")));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        var open = OpenPacket.Parse(body);
        Assert.Equal(_openPacketKeys, open.Keys);
        Assert.Matches(SidPattern(), open.Sid);
        Assert.Equal(["websocket"], open.Upgrades);
        Assert.Equal(25000, open.PingInterval);
        Assert.Equal(20000, open.PingTimeout);
        Assert.Equal(1_000_000, open.MaxPayload);
        Assert.Equal($"0{{\"sid\":\"{open.Sid}\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}}", body);
    }

    [Fact]
    public async Task PollingHandshake_CustomOptions_AdvertisesThem()
    {
        await using var server = await EngineIoTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(300);
            options.PingTimeout = TimeSpan.FromMilliseconds(200);
            options.MaxPayload = 12345;
        });

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var open = OpenPacket.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(300, open.PingInterval);
        Assert.Equal(200, open.PingTimeout);
        Assert.Equal(12345, open.MaxPayload);
    }

    [Fact]
    public async Task PollingHandshake_OpensSessionWithHandler()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        var (sid, session) = await server.OpenPollingSessionAsync();

        Assert.Equal(sid, session.Id);
        Assert.Equal(EngineIoTransports.Polling, session.Socket.Transport);
        Assert.True(session.Socket.IsOpen);
        Assert.Equal("4", session.Socket.Handshake.Query["EIO"]);
        Assert.Equal(IPAddress.Loopback, session.Socket.Handshake.RemoteIpAddress);
    }

    [Fact]
    public async Task PollingHandshake_ManySessions_HaveDistinctSids()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var sids = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 20; i++)
        {
            var (sid, _) = await server.OpenPollingSessionAsync();
            Assert.Matches(SidPattern(), sid);
            Assert.True(sids.Add(sid), $"Duplicate sid {sid}.");
        }
    }

    [Fact]
    public async Task PollingHandshake_MessageSentWhileOpening_ArrivesOnNextGet()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.OnOpened = static socket =>
        {
            socket.Send("hello"u8.ToArray());
            return default;
        };

        using var handshake = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var open = OpenPacket.Parse(await handshake.Content.ReadAsStringAsync());
        using var poll = await server.GetAsync(open.Sid);

        Assert.Equal("4hello", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PollingHandshake_HandlerThrowsWhileOpening_SessionClosedWithTransportError()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.OnOpened = static _ => throw new InvalidOperationException("Refused by the application.");

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var session = await server.Handler.NextOpenedAsync();

        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(server.EngineServer.TryGetSession(session.Id, out _));
    }

    [Theory]
    [InlineData(false, EngineIoTransports.All)]
    [InlineData(true, EngineIoTransports.Polling)]
    public async Task PollingHandshake_UpgradesUnavailable_AdvertisesNoUpgrades(bool allowUpgrades, EngineIoTransports transports)
    {
        await using var server = await EngineIoTestServer.StartAsync(options =>
        {
            options.AllowUpgrades = allowUpgrades;
            options.Transports = transports;
        });

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(OpenPacket.Parse(body).Upgrades);
        Assert.Contains("\"upgrades\":[]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocketHandshake_FirstFrameIsOpenPacketWithoutUpgrades()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        var socket = await server.ConnectWebSocketAsync();
        var frame = await socket.ReceiveTextAsync();

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.Socket.HttpStatusCode);
        var open = OpenPacket.Parse(frame);
        Assert.Equal(_openPacketKeys, open.Keys);
        Assert.Matches(SidPattern(), open.Sid);
        Assert.Equal($"0{{\"sid\":\"{open.Sid}\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}}", frame);
        var session = await server.Handler.SessionAsync(open.Sid);
        Assert.Equal(EngineIoTransports.WebSocket, session.Socket.Transport);
    }

    [Fact]
    public async Task WebSocketHandshake_MessageSentWhileOpening_FollowsOpenPacket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.OnOpened = static socket =>
        {
            socket.Send("welcome"u8.ToArray());
            return default;
        };

        var socket = await server.ConnectWebSocketAsync();

        OpenPacket.Parse(await socket.ReceiveTextAsync());
        Assert.Equal("4welcome", await socket.ReceiveTextAsync());
    }
}
