using System.Text.Json;
using SocketIo.Admin.Tests.Infrastructure;
using static SocketIo.Admin.Tests.Infrastructure.Dashboard;

namespace SocketIo.Admin.Tests;

/// <summary>
/// The protocol of @socket.io/admin-ui 0.5.1 against our server, spoken by the official socket.io-client as the
/// dashboard speaks it (App.vue: forceNew, no reconnection, withCredentials, the form's credentials as auth).
/// </summary>
public sealed class AdminProtocolTests
{
    private static readonly string[] _allFeatures = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"];

    [Fact]
    public async Task Login_WithTheRightPassword_GetsASessionTheConfigAndEverySocket()
    {
        await using var server = await AdminServer.StartAsync();
        await using var driver = Dashboard.Start();
        var first = await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        var second = await driver.ConnectedAsync("c2", server.Url("/"), transports: ["polling"]);

        var adminId = await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials);

        var session = await driver.WaitEventAsync("admin", "session");
        Assert.Matches("^[0-9a-f]{16}$", Args(session)[0].GetString());
        var config = await driver.WaitEventAsync("admin", "config");
        Assert.Equal(_allFeatures, Args(config)[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()));
        var all = Args(await driver.WaitEventAsync("admin", "all_sockets"))[0].EnumerateArray().ToList();
        Assert.Equal(new[] { first, second, adminId }.Order(), all.Select(s => s.GetProperty("id").GetString()).Order());

        var c1 = all.Single(s => s.GetProperty("id").GetString() == first);
        Assert.Equal("/", c1.GetProperty("nsp").GetString());
        Assert.Equal("websocket", c1.GetProperty("transport").GetString());
        Assert.Equal(12, c1.GetProperty("clientId").GetString()!.Length);
        Assert.Equal([first], c1.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Object, c1.GetProperty("data").ValueKind);
        var handshake = c1.GetProperty("handshake");
        Assert.Equal("127.0.0.1", handshake.GetProperty("address").GetString());
        Assert.StartsWith("/socket.io/?EIO=4", handshake.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("4", handshake.GetProperty("query").GetProperty("EIO").GetString());
        Assert.Equal(JsonValueKind.Object, handshake.GetProperty("headers").ValueKind);
        Assert.Equal(JsonValueKind.Number, handshake.GetProperty("issued").ValueKind);
        Assert.Equal("polling", all.Single(s => s.GetProperty("id").GetString() == second).GetProperty("transport").GetString());

        // The dashboard's own password never goes back out: no handshake carries its auth.
        var admin = all.Single(s => s.GetProperty("id").GetString() == adminId);
        Assert.Equal("/admin", admin.GetProperty("nsp").GetString());
        Assert.False(admin.GetProperty("handshake").TryGetProperty("auth", out _));
        Assert.DoesNotContain(AdminServer.Password, Args(await driver.WaitEventAsync("admin", "all_sockets")).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithAWrongPasswordOrUserOrNone_IsRefusedWithInvalidCredentials()
    {
        await using var server = await AdminServer.StartAsync();
        await using var driver = Dashboard.Start();

        await driver.ConnectAsync("wrong-password", server.Url("/admin"), new { username = AdminServer.Username, password = "nope" });
        await driver.ConnectAsync("wrong-user", server.Url("/admin"), new { username = "root", password = AdminServer.Password });
        await driver.ConnectAsync("no-auth", server.Url("/admin"));
        await driver.ConnectAsync("bad-session", server.Url("/admin"), new { sessionId = "0123456789abcdef" });

        foreach (var name in (string[])["wrong-password", "wrong-user", "no-auth", "bad-session"])
        {
            var refused = await driver.WaitAsync(name, l => Event(l) is "connect" or "connect_error");
            Assert.Equal("connect_error", Event(refused));
            Assert.Equal("invalid credentials", refused.GetProperty("message").GetString());
        }

        // The connections stay usable for the main namespace: only the admin namespace refused them.
        await driver.ConnectedAsync("c1", server.Url());
        Assert.Single(server.Io.Sockets.Sockets);
        Assert.Empty(server.Io.Of("/admin").Sockets);
    }

    [Fact]
    public async Task Login_WithTheSessionIdItWasGiven_NeedsNoPasswordAndGetsNoNewSession()
    {
        await using var server = await AdminServer.StartAsync();
        await using var driver = Dashboard.Start();
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials);
        var sessionId = Args(await driver.WaitEventAsync("admin", "session"))[0].GetString()!;
        await driver.DisconnectAsync("admin");

        // What the dashboard does on a reload: the stored session id, no password.
        var from = driver.Count;
        await driver.ConnectedAsync("reloaded", server.Url("/admin"), new { sessionId });

        await driver.WaitEventAsync("reloaded", "config", from: from);
        Assert.DoesNotContain(driver.Lines.Skip(from), l => l.GetProperty("name").GetString() == "reloaded" && Event(l) == "session");
    }

    [Fact]
    public async Task AllowAnonymous_LetsADashboardInWithoutCredentials()
    {
        await using var server = await AdminServer.StartAsync(admin: o =>
        {
            o.PasswordHash = null;
            o.AllowAnonymous = true;
        });
        await using var driver = Dashboard.Start();

        await driver.ConnectedAsync("admin", server.Url("/admin"));

        var config = await driver.WaitEventAsync("admin", "config");
        Assert.Equal(_allFeatures, Args(config)[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain(driver.Lines, l => Event(l) == "session");
    }

    [Fact]
    public async Task Options_WithoutAPasswordHashOrAnonymous_OrWithABadHash_FailAtStart()
    {
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => AdminServer.StartAsync(admin: o => o.PasswordHash = null));
        Assert.Contains("AllowAnonymous", none.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => AdminServer.StartAsync(admin: o => o.PasswordHash = "plain-text"));
        Assert.Contains("bcrypt", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStats_CountClientsPollingClientsNamespacesAndAggregatedEvents()
    {
        await using var server = await AdminServer.StartAsync(admin: o => o.ServerId = "node-a", configure: io => io.Of("/chat"));
        await using var driver = Dashboard.Start();
        await driver.ConnectedAsync("ws1", server.Url(), transports: ["websocket"]);
        await driver.ConnectedAsync("ws2", server.Url("/chat"), transports: ["websocket"]);
        await driver.ConnectedAsync("poll", server.Url(), transports: ["polling"]);
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);

        // Four connections: three clients and the dashboard, one of them polling.
        var stats = Args(await driver.WaitEventAsync("admin", "server_stats", a => a[0].GetProperty("clientsCount").GetInt32() == 4))[0];

        Assert.Equal("node-a", stats.GetProperty("serverId").GetString());
        Assert.Equal(System.Net.Dns.GetHostName(), stats.GetProperty("hostname").GetString());
        Assert.Equal(Environment.ProcessId, stats.GetProperty("pid").GetInt32());
        Assert.True(stats.GetProperty("uptime").GetDouble() > 0);
        Assert.Equal(1, stats.GetProperty("pollingClientsCount").GetInt32());
        var namespaces = stats.GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("socketsCount").GetInt32());
        Assert.Equal(2, namespaces["/"]);
        Assert.Equal(1, namespaces["/chat"]);
        Assert.Equal(1, namespaces["/admin"]);

        // The aggregated events since the last statistics: the dashboard's connection and its packets at least.
        await driver.ConnectedAsync("late", server.Url(), transports: ["websocket"]);
        var events = new List<JsonElement>();
        await driver.WaitEventAsync("admin", "server_stats", a =>
        {
            events.AddRange(a[0].GetProperty("aggregatedEvents").EnumerateArray());
            return events.Any(e => e.GetProperty("type").GetString() == "rawConnection");
        });
        Assert.All(events, e => Assert.Equal(0, e.GetProperty("timestamp").GetInt64() % 1000));
        await driver.DisconnectAsync("late");
        await driver.WaitEventAsync("admin", "server_stats", a =>
        {
            events.AddRange(a[0].GetProperty("aggregatedEvents").EnumerateArray());
            return events.Any(e => e.GetProperty("type").GetString() == "rawDisconnection");
        });
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "packetsIn" && e.GetProperty("count").GetInt64() > 0);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "bytesOut" && e.GetProperty("count").GetInt64() > 0);
        var disconnection = events.First(e => e.GetProperty("type").GetString() == "rawDisconnection");
        Assert.Equal("transport close", disconnection.GetProperty("subType").GetString());
    }

    [Fact]
    public async Task DevelopmentMode_TellsTheDashboardOfEachSocketsConnectionRoomsEventsUpgradeAndDisconnection()
    {
        await using var server = await AdminServer.StartAsync(configure: io => io.Sockets.OnConnection(socket =>
        {
            // An application that drops every catch-all listener does not silence the dashboard.
            socket.OffAny();
            socket.OffAnyOutgoing();
            socket.On("hello", async e =>
            {
                socket.Join("greeted");
                // A broadcast is not reported as sent to each socket, as in the reference: "welcome" is the first.
                await io.EmitAsync("to-everyone");
                await socket.EmitAsync("welcome", e[0].GetInt32() + 1);
                socket.Leave("greeted");
            });
            return default;
        }));
        await using var driver = Dashboard.Start();
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);
        await driver.WaitEventAsync("admin", "all_sockets");

        var id = await driver.ConnectedAsync("c1", server.Url());

        var connected = Args(await driver.WaitEventAsync("admin", "socket_connected", a => a[0].GetProperty("id").GetString() == id));
        Assert.Equal("/", connected[0].GetProperty("nsp").GetString());
        Assert.Equal("polling", connected[0].GetProperty("transport").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", connected[1].GetString());
        var ownRoom = Args(await driver.WaitEventAsync("admin", "room_joined", a => a[2].GetString() == id));
        Assert.Equal(["/", id, id], ownRoom.EnumerateArray().Take(3).Select(e => e.GetString()));

        // The polling connection upgrades on its own; the next statistics tick tells of it.
        var updated = Args(await driver.WaitEventAsync("admin", "socket_updated", a => a[0].GetProperty("id").GetString() == id));
        Assert.Equal("websocket", updated[0].GetProperty("transport").GetString());
        Assert.Equal("/", updated[0].GetProperty("nsp").GetString());

        await driver.EmitAsync("c1", "hello", 41, "x");

        var received = Args(await driver.WaitEventAsync("admin", "event_received", a => a[1].GetString() == id));
        Assert.Equal("/", received[0].GetString());
        Assert.Equal("""["hello",41,"x"]""", received[2].GetRawText());
        var joined = Args(await driver.WaitEventAsync("admin", "room_joined", a => a[1].GetString() == "greeted"));
        Assert.Equal(id, joined[2].GetString());
        var sent = Args(await driver.WaitEventAsync("admin", "event_sent", a => a[1].GetString() == id));
        Assert.Equal("""["welcome",42]""", sent[2].GetRawText());
        var left = Args(await driver.WaitEventAsync("admin", "room_left", a => a[1].GetString() == "greeted"));
        Assert.Equal(id, left[2].GetString());

        await driver.DisconnectAsync("c1");

        var disconnected = Args(await driver.WaitEventAsync("admin", "socket_disconnected", a => a[1].GetString() == id));
        Assert.Equal("/", disconnected[0].GetString());
        Assert.Equal("client namespace disconnect", disconnected[2].GetString());
        // The dashboard's own events are not reported (they would echo without end).
        Assert.DoesNotContain(driver.Lines, l => Event(l) == "event_sent" && Args(l)[0].GetString() == "/admin");
    }

    [Fact]
    public async Task ProductionMode_SendsStatisticsOnly()
    {
        await using var server = await AdminServer.StartAsync(admin: o => o.Mode = SocketIoAdminMode.Production);
        await using var driver = Dashboard.Start();
        await driver.ConnectedAsync("admin", server.Url("/admin"), AdminServer.Credentials, ["websocket"]);
        var config = await driver.WaitEventAsync("admin", "config");
        Assert.Equal(_allFeatures[..^1], Args(config)[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()));

        await driver.ConnectedAsync("c1", server.Url(), transports: ["websocket"]);
        await driver.EmitAsync("c1", "hello");
        // Statistics that count the client came after its connection: no per-socket event came before them.
        await driver.WaitEventAsync("admin", "server_stats", a => a[0].GetProperty("clientsCount").GetInt32() == 2);

        Assert.DoesNotContain(driver.Lines, l => Event(l) is "all_sockets" or "socket_connected" or "room_joined" or "event_received");
    }
}
