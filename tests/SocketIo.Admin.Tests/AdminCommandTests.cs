using SocketIo.Admin.Tests.Infrastructure;
using static SocketIo.Admin.Tests.Infrastructure.Dashboard;

namespace SocketIo.Admin.Tests;

/// <summary>
/// The dashboard's commands: emit, join, leave and _disconnect, each for one socket (the filter is its id), for a
/// room's sockets and for a whole namespace (the dashboard's MJOIN, MLEAVE and MDISCONNECT). The dashboard emits a
/// "marker" after its commands: its connection starts their handlers in order, so once the marker's handler runs,
/// every command before it was applied (the in-memory adapter applies them at once).
/// </summary>
public sealed class AdminCommandTests
{
    private static Action<ISocketIoServer> Markers(Func<SemaphoreSlim> markers) => io => io.Of("/admin").OnConnection(socket =>
    {
        socket.On("marker", _ =>
        {
            markers().Release();
            return default;
        });
        return default;
    });

    [Fact]
    public async Task JoinAndLeave_ForOneSocketARoomOrTheNamespace_MoveTheRightSockets()
    {
        var markers = new SemaphoreSlim(0);
        await using var server = await AdminServer.StartAsync(configure: Markers(() => markers));
        await using var driver = Dashboard.Start();
        var c1 = await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        var c2 = await driver.ConnectedAsync("c2", server.Url(), transports: ["websocket"]);
        var c3 = await driver.ConnectedAsync("c3", server.Url(), transports: ["websocket"]);
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);
        HashSet<string> Rooms(string id) => [.. server.Sockets[id].Socket.Rooms];

        await driver.EmitAsync("admin", "join", "/", "vip", c1);
        await driver.EmitAsync("admin", "join", "/", "everyone");
        await driver.EmitAsync("admin", "join", "/", "vip-too", "vip");
        await driver.EmitAsync("admin", "marker");
        await markers.WaitAsync().DefaultTimeout();

        Assert.Equal([c1, "vip", "everyone", "vip-too"], Rooms(c1));
        Assert.Equal([c2, "everyone"], Rooms(c2));
        Assert.Equal([c3, "everyone"], Rooms(c3));
        var joined = Args(await driver.WaitEventAsync("admin", "room_joined", a => a[1].GetString() == "vip"));
        Assert.Equal(c1, joined[2].GetString());

        await driver.EmitAsync("admin", "leave", "/", "everyone", "vip");
        await driver.EmitAsync("admin", "leave", "/", "vip-too", c1);
        await driver.EmitAsync("admin", "leave", "/", "vip");
        await driver.EmitAsync("admin", "marker");
        await markers.WaitAsync().DefaultTimeout();

        Assert.Equal([c1], Rooms(c1));
        Assert.Equal([c2, "everyone"], Rooms(c2));
        var left = Args(await driver.WaitEventAsync("admin", "room_left", a => a[1].GetString() == "vip-too"));
        Assert.Equal(c1, left[2].GetString());
    }

    [Fact]
    public async Task Emit_ToOneSocketARoomOrTheNamespace_ReachesExactlyThem()
    {
        var markers = new SemaphoreSlim(0);
        await using var server = await AdminServer.StartAsync(configure: Markers(() => markers));
        await using var driver = Dashboard.Start();
        var c1 = await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        var c2 = await driver.ConnectedAsync("c2", server.Url(), transports: ["websocket"]);
        await driver.ConnectedAsync("c3", server.Url(), transports: ["websocket"]);
        server.Sockets[c2].Socket.Join("room");
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);

        await driver.EmitAsync("admin", "emit", "/", c1, "direct", 1, new { a = "b" });
        await driver.EmitAsync("admin", "emit", "/", "room", "to-room", "r");
        // Reserved names and unknown namespaces are ignored (no namespace is created for them).
        await driver.EmitAsync("admin", "emit", "/", null, "connect", "no");
        await driver.EmitAsync("admin", "emit", "/nowhere", null, "lost");
        await driver.EmitAsync("admin", "emit", "/", null, "everyone");

        // Each client gets "everyone" last: anything meant for it came before.
        foreach (var name in (string[])["c1", "c2", "c3"])
        {
            await driver.WaitEventAsync(name, "everyone");
        }

        var direct = await driver.WaitEventAsync("c1", "direct");
        Assert.Equal("""[1,{"a":"b"}]""", Args(direct).GetRawText());
        Assert.Equal("""["r"]""", Args(await driver.WaitEventAsync("c2", "to-room")).GetRawText());
        Assert.Equal(["direct", "everyone"], EventsOf(driver, "c1"));
        Assert.Equal(["to-room", "everyone"], EventsOf(driver, "c2"));
        Assert.Equal(["everyone"], EventsOf(driver, "c3"));
        await driver.ConnectAsync("nowhere", server.Url("/nowhere"));
        var refused = await driver.WaitAsync("nowhere", l => Event(l) is "connect" or "connect_error");
        Assert.Equal("Invalid namespace", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Disconnect_OneSocketARoomThenTheNamespaceWithClose_DisconnectsExactlyThem()
    {
        var markers = new SemaphoreSlim(0);
        await using var server = await AdminServer.StartAsync(configure: io =>
        {
            Markers(() => markers)(io);
            io.Of("/chat");
        });
        await using var driver = Dashboard.Start();
        var c1 = await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        var c2 = await driver.ConnectedAsync("c2", server.Url(), transports: ["websocket"]);
        var c3 = await driver.ConnectedAsync("c3", server.Url(), transports: ["websocket"]);
        await driver.ConnectedAsync("chat", server.Url("/chat"), transports: ["websocket"]);
        server.Sockets[c3].Socket.Join("room");
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);

        await driver.EmitAsync("admin", "_disconnect", "/", false, c1);
        Assert.Equal("io server disconnect", (await driver.WaitEventAsync("c1", "disconnect")).GetProperty("reason").GetString());
        var reported = Args(await driver.WaitEventAsync("admin", "socket_disconnected", a => a[1].GetString() == c1));
        Assert.Equal("server namespace disconnect", reported[2].GetString());

        await driver.EmitAsync("admin", "_disconnect", "/", false, "room");
        Assert.Equal("io server disconnect", (await driver.WaitEventAsync("c3", "disconnect")).GetProperty("reason").GetString());
        Assert.True(server.Sockets[c2].Socket.Connected);

        await driver.EmitAsync("admin", "_disconnect", "/", true);
        Assert.Equal("io server disconnect", (await driver.WaitEventAsync("c2", "disconnect")).GetProperty("reason").GetString());
        await server.Sockets[c2].DisconnectedAsync();
        Assert.Empty(server.Io.Sockets.Sockets);
        Assert.Single(server.Io.Of("/chat").Sockets);
        await driver.EmitAsync("admin", "marker");
        await markers.WaitAsync().DefaultTimeout();
        Assert.True(server.Io.Of("/admin").Sockets.Single().Value.Connected);
    }

    [Fact]
    public async Task ReadOnly_OffersNoCommandAndIgnoresThem()
    {
        var markers = new SemaphoreSlim(0);
        await using var server = await AdminServer.StartAsync(admin: o => o.ReadOnly = true, configure: Markers(() => markers));
        await using var driver = Dashboard.Start();
        var id = await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);
        var config = await driver.WaitEventAsync("admin", "config");
        Assert.Equal(["AGGREGATED_EVENTS", "ALL_EVENTS"], Args(config)[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()));

        await driver.EmitAsync("admin", "_disconnect", "/", false, id);
        await driver.EmitAsync("admin", "join", "/", "room", id);
        await driver.EmitAsync("admin", "emit", "/", null, "news");
        await driver.EmitAsync("admin", "marker");
        await markers.WaitAsync().DefaultTimeout();

        Assert.True(server.Sockets[id].Socket.Connected);
        Assert.Equal([id], server.Sockets[id].Socket.Rooms);
        Assert.DoesNotContain(driver.Lines, l => Event(l) == "news");
    }

    private static List<string?> EventsOf(Dashboard driver, string name) =>
        [.. driver.Lines.Where(l => l.TryGetProperty("name", out var n) && n.GetString() == name && l.TryGetProperty("args", out _)).Select(Event)];
}
