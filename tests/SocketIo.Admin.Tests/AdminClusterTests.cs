using Microsoft.Extensions.DependencyInjection;
using SocketIo.Admin.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using static SocketIo.Admin.Tests.Infrastructure.Dashboard;

namespace SocketIo.Admin.Tests;

/// <summary>
/// Two servers on one real Redis (the classic adapter): a dashboard connected to one of them sees both servers'
/// statistics and sockets, hears of sockets that come and go on the other, and its commands reach the other's sockets.
/// </summary>
public sealed class AdminClusterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private async Task<SocketIoTestServer> NodeAsync(string key, string serverId)
    {
        var server = await AdminServer.StartAsync(
            admin: o => o.ServerId = serverId,
            services: s => s.AddRedisAdapter(redis.Server.Configuration, o =>
            {
                o.Key = key;
                o.RequestsTimeout = TimeSpan.FromSeconds(10);
            }));
        return server;
    }

    /// <summary>Both servers' subscriptions are in place for both namespaces: each counts the other.</summary>
    private static async Task ClusterReadyAsync(params SocketIoTestServer[] nodes)
    {
        foreach (var node in nodes)
        {
            foreach (var nsp in (string[])["/", "/admin"])
            {
                using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
                // A count is taken once this server's own subscriptions are in place; the other's may lag behind it.
                while (await node.Io.Of(nsp).Adapter.ServerCountAsync() < nodes.Length)
                {
                    await Task.Delay(20, deadline.Token);
                }
            }
        }
    }

    [Fact]
    public async Task ADashboardOnOneServer_SeesAndCommandsTheOther()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, "node-a");
        await using var b = await NodeAsync(key, "node-b");
        await ClusterReadyAsync(a, b);
        await using var driver = Dashboard.Start();
        var early = await driver.ConnectedAsync("early", b.Url(), transports: ["websocket"]);

        await driver.ConnectedAsync("admin", a.Url("/admin"), AdminServer.Credentials, ["websocket"]);

        // The sockets of both servers, each described by its own server.
        var all = Args(await driver.WaitEventAsync("admin", "all_sockets"))[0].EnumerateArray().ToList();
        var remote = all.Single(s => s.GetProperty("id").GetString() == early);
        Assert.Equal("websocket", remote.GetProperty("transport").GetString());
        Assert.Equal(12, remote.GetProperty("clientId").GetString()!.Length);
        Assert.Contains(all, s => s.GetProperty("nsp").GetString() == "/admin");
        // Each server's statistics: B counts the early client, A the dashboard.
        var statsB = Args(await driver.WaitEventAsync("admin", "server_stats", s => s[0].GetProperty("serverId").GetString() == "node-b"))[0];
        Assert.Equal(1, statsB.GetProperty("clientsCount").GetInt32());
        Assert.Equal(1, statsB.GetProperty("namespaces").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "/").GetProperty("socketsCount").GetInt32());
        var statsA = Args(await driver.WaitEventAsync("admin", "server_stats", s => s[0].GetProperty("serverId").GetString() == "node-a"))[0];
        Assert.Equal(1, statsA.GetProperty("clientsCount").GetInt32());

        // A socket that comes on B is reported by B to the dashboard on A.
        var late = await driver.ConnectedAsync("late", b.Url(), transports: ["websocket"]);
        await driver.WaitEventAsync("admin", "socket_connected", s => s[0].GetProperty("id").GetString() == late);

        // Commands from the dashboard on A act on B's sockets.
        await driver.EmitAsync("admin", "join", "/", "vip", late);
        var joined = Args(await driver.WaitEventAsync("admin", "room_joined", r => r[1].GetString() == "vip"));
        Assert.Equal(late, joined[2].GetString());
        Assert.Contains("vip", b.Sockets[late].Socket.Rooms);
        await driver.EmitAsync("admin", "emit", "/", "vip", "news", 7);
        Assert.Equal("[7]", Args(await driver.WaitEventAsync("late", "news")).GetRawText());
        await driver.EmitAsync("admin", "_disconnect", "/", false, early);
        Assert.Equal("io server disconnect", (await driver.WaitEventAsync("early", "disconnect")).GetProperty("reason").GetString());
        var gone = Args(await driver.WaitEventAsync("admin", "socket_disconnected", d => d[1].GetString() == early));
        Assert.Equal("server namespace disconnect", gone[2].GetString());
        Assert.True(b.Sockets[late].Socket.Connected);
    }
}
