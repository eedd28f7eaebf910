using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Recovery;

/// <summary>
/// Connection state recovery on the wire, with a raw client: the <c>pid</c> in the CONNECT answer, the offsets
/// appended to recoverable events, the CONNECT that names a session, and what comes back (or does not).
/// </summary>
public sealed class ConnectionStateRecoveryTests
{
    private static void On(SocketIoOptions options) => options.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions();

    /// <summary>Joins "/" with <paramref name="auth"/> and reads the CONNECT answer; events sent before it are returned too.</summary>
    private static async Task<(string Sid, string? Pid, List<string> Before)> ConnectAsync(SocketIoTestClient client, string? auth = null)
    {
        await client.SendAsync("0" + auth);
        var before = new List<string>();
        while (true)
        {
            var packet = await client.ReceiveAsync();
            if (!packet.StartsWith('0'))
            {
                before.Add(packet);
                continue;
            }

            using var json = JsonDocument.Parse(packet.AsMemory(1));
            var names = json.RootElement.EnumerateObject().Select(static p => p.Name).ToList();
            Assert.True(names.SequenceEqual(["sid"]) || names.SequenceEqual(["sid", "pid"]), $"Unexpected CONNECT answer {packet}.");
            var pid = json.RootElement.TryGetProperty("pid", out var p) ? p.GetString() : null;
            return (json.RootElement.GetProperty("sid").GetString()!, pid, before);
        }
    }

    /// <summary>The last argument of an event packet (<c>42[...]</c>), which with recovery is its offset.</summary>
    private static string OffsetOf(string packet)
    {
        using var json = JsonDocument.Parse(packet.AsMemory(packet.IndexOf('[', StringComparison.Ordinal)));
        return json.RootElement[json.RootElement.GetArrayLength() - 1].GetString()!;
    }

    private static string Reconnect(string pid, string offset) => JsonSerializer.Serialize(new { pid, offset });

    /// <summary>A server whose sockets, on their first connection, join "room" and keep a value in Data, and say hello.</summary>
    private static Task<SocketIoTestServer> StartAsync(Action<SocketIoOptions>? options = null, TimeProvider? time = null, ConcurrentQueue<SocketIoSocket>? connections = null) =>
        SocketIoTestServer.StartAsync(
            io => io.Of("/").OnConnection(socket =>
            {
                connections?.Enqueue(socket);
                if (socket.Recovered)
                {
                    return default;
                }

                socket.Join("room");
                socket.Data = "data of " + socket.Id;
                return socket.EmitAsync("hello");
            }),
            options ?? On,
            timeProvider: time);

    [Fact]
    public async Task Connect_RecoveryOn_AnswerHasSidAndPid_RecoveryOff_SidOnly()
    {
        await using (var server = await StartAsync())
        {
            var client = await server.ConnectAsync();
            var (sid, pid, _) = await ConnectAsync(client);
            Assert.NotNull(pid);
            Assert.NotEqual(sid, pid);
            Assert.Equal(20, pid.Length);
        }

        await using (var server = await StartAsync(static _ => { }))
        {
            var client = await server.ConnectAsync();
            var (_, pid, _) = await ConnectAsync(client);
            Assert.Null(pid);
            // Recovery off: the socket's emits carry no offset.
            Assert.Equal("2[\"hello\"]", await client.ReceiveAsync());
        }
    }

    [Fact]
    public async Task Emits_RecoveryOn_OffsetLastOnlyOnRecoverableEvents()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var (sid, _, _) = await ConnectAsync(client);
        var hello = await client.ReceiveAsync();
        Assert.Matches("^2\\[\"hello\",\"[0-9]+\"\\]$", hello);
        var socket = server.Sockets[sid].Socket;

        // A volatile packet is dropped while the connection has a packet queued: alone, on an idle connection.
        await client.SyncAsync();
        await server.Io.Of("/").Volatile.EmitAsync("volatile", 2);
        Assert.Equal("2[\"volatile\",2]", await client.ReceiveAsync());
        await server.Io.EmitAsync("all", 1);
        await socket.EmitAsync("direct", new { a = 1 });
        var ack = socket.EmitWithAckAsync("ask", TimeSpan.FromSeconds(30), "q");

        var all = await client.ReceiveAsync();
        Assert.Matches("^2\\[\"all\",1,\"[0-9]+\"\\]$", all);
        var direct = await client.ReceiveAsync();
        Assert.Matches("^2\\[\"direct\",\\{\"a\":1\\},\"[0-9]+\"\\]$", direct);
        // An event with an acknowledgement is never kept, so it has no offset (as in the reference).
        var ask = await client.ReceiveAsync();
        Assert.Matches("^2[0-9]+\\[\"ask\",\"q\"\\]$", ask);
        Assert.True(long.Parse(OffsetOf(hello)) < long.Parse(OffsetOf(all)) && long.Parse(OffsetOf(all)) < long.Parse(OffsetOf(direct)));
        await client.SendAsync("3" + ask[1..ask.IndexOf('[', StringComparison.Ordinal)] + "[\"a\"]");
        Assert.Equal("a", (await ack)[0].GetString());
    }

    [Fact]
    public async Task Reconnect_WithinWindow_SameIdRoomsData_MissedPacketsInOrderBeforeConnect()
    {
        var connections = new ConcurrentQueue<SocketIoSocket>();
        await using var server = await StartAsync(connections: connections);
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        var old = server.Sockets[sid].Socket;

        client.Abort();
        var reason = await server.Sockets[sid].DisconnectReasonAsync();
        Assert.Contains(reason, new[] { SocketIoDisconnectReason.TransportClose, SocketIoDisconnectReason.TransportError });

        // Sent while the client is away: to its room, to a room it is not in, volatile, to the old socket, to all.
        await server.Io.To("room").EmitAsync("missed", 1);
        await server.Io.To("elsewhere").EmitAsync("missed", "not for it");
        await server.Io.Of("/").Volatile.EmitAsync("missed", "volatile");
        await old.EmitAsync("missed", 2);
        await server.Io.To("room").Except(sid).EmitAsync("missed", "excepted");
        await server.Io.EmitAsync("missed", 3);

        var again = await server.ConnectAsync();
        var (sid2, pid2, before) = await ConnectAsync(again, Reconnect(pid!, offset));

        Assert.Equal(sid, sid2);
        Assert.Equal(pid, pid2);
        Assert.Equal(["1", "2", "3"], before.Select(p => JsonDocument.Parse(p.AsMemory(1)).RootElement[1].ToString()));
        Assert.All(before, p => Assert.StartsWith("2[\"missed\",", p));
        var offsets = before.Select(OffsetOf).Select(long.Parse).ToList();
        Assert.Equal(offsets.Order(), offsets);

        var recovered = connections.Last();
        Assert.True(recovered.Recovered);
        Assert.Equal(sid, recovered.Id);
        Assert.Equal("data of " + sid, recovered.Data);
        Assert.Equal(new[] { sid, "room" }.Order(), recovered.Rooms.Order());
        await server.Io.To("room").EmitAsync("live");
        Assert.Matches("^2\\[\"live\",\"[0-9]+\"\\]$", await again.ReceiveAsync());
        await again.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Reconnect_RecoveredTwice_OffsetOfTheSecondSessionWorks()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        var second = await server.ConnectAsync();
        var (sid2, _, missed) = await ConnectAsync(second, Reconnect(pid!, offset));
        Assert.Equal(sid, sid2);
        Assert.Empty(missed);
        await server.Io.EmitAsync("one");
        offset = OffsetOf(await second.ReceiveAsync());
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Io.Of("/").Sockets[sid].Disconnected += (_, _) => gone.TrySetResult();
        second.Abort();
        await gone.Task.DefaultTimeout();
        await server.Io.EmitAsync("two");

        var third = await server.ConnectAsync();
        var (sid3, _, missed3) = await ConnectAsync(third, Reconnect(pid!, offset));
        Assert.Equal(sid, sid3);
        Assert.Single(missed3);
        Assert.StartsWith("2[\"two\",", missed3[0]);
    }

    [Fact]
    public async Task Reconnect_UnknownPid_NewSocket()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var (sid, pid, before) = await ConnectAsync(client, Reconnect("AAAAAAAAAAAAAAAAAAAA", "1"));
        Assert.Empty(before);
        Assert.NotNull(pid);
        Assert.False(server.Sockets[sid].Socket.Recovered);
        Assert.StartsWith("2[\"hello\",", await client.ReceiveAsync());
    }

    [Fact]
    public async Task Reconnect_AfterWindow_NewSocket()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time: time);
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        var again = await server.ConnectAsync();
        var (sid2, _, before) = await ConnectAsync(again, Reconnect(pid!, offset));
        Assert.NotEqual(sid, sid2);
        Assert.Empty(before);
        Assert.False(server.Sockets[sid2].Socket.Recovered);
    }

    [Fact]
    public async Task Reconnect_JustWithinWindow_Recovered()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time: time);
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));

        var again = await server.ConnectAsync();
        var (sid2, _, _) = await ConnectAsync(again, Reconnect(pid!, offset));
        Assert.Equal(sid, sid2);
    }

    [Fact]
    public async Task Reconnect_OffsetEvictedBySize_NewSocket()
    {
        await using var server = await StartAsync(static o => o.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions { MaxBufferedBytes = 4096 });
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        // Far more than the window holds: the client's offset is pushed out.
        for (var i = 0; i < 100; i++)
        {
            await server.Io.To("room").EmitAsync("missed", new string('x', 200));
        }

        var again = await server.ConnectAsync();
        var (sid2, _, before) = await ConnectAsync(again, Reconnect(pid!, offset));
        Assert.NotEqual(sid, sid2);
        Assert.Empty(before);
    }

    [Fact]
    public async Task Reconnect_AfterClientNamespaceDisconnect_NotRecovered()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());

        // The client left on purpose: the reference keeps no session for that.
        await client.SendAsync("1");
        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, await server.Sockets[sid].DisconnectReasonAsync());

        var (sid2, _, _) = await ConnectAsync(client, Reconnect(pid!, offset));
        Assert.NotEqual(sid, sid2);
    }

    [Fact]
    public async Task Reconnect_RecoveryOff_PidIgnored()
    {
        await using var server = await StartAsync(static _ => { });
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        Assert.Null(pid);
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        var again = await server.ConnectAsync();
        var (sid2, pid2, before) = await ConnectAsync(again, Reconnect("AAAAAAAAAAAAAAAAAAAA", "1"));
        Assert.NotEqual(sid, sid2);
        Assert.Null(pid2);
        Assert.Empty(before);
    }

    [Fact]
    public async Task Reconnect_MalformedPidOrOffset_NewSocketConnectionKept()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var (sid, _, _) = await ConnectAsync(client, "{\"pid\":1,\"offset\":{}}");
        Assert.False(server.Sockets[sid].Socket.Recovered);
        Assert.StartsWith("2[\"hello\",", await client.ReceiveAsync());
        var other = await server.ConnectAsync();
        var (sid2, _, _) = await ConnectAsync(other, "{\"pid\":\"\\ud800\",\"offset\":\"\\udc00\"}");
        Assert.False(server.Sockets[sid2].Socket.Recovered);
    }

    [Fact]
    public async Task Reconnect_SkipMiddlewaresFalse_MiddlewareSeesRecoveredSocketAndMayRefuse()
    {
        var seen = new ConcurrentQueue<(bool Recovered, object? Data)>();
        var refuse = false;
        await using var server = await SocketIoTestServer.StartAsync(
            io =>
            {
                io.Use(socket =>
                {
                    seen.Enqueue((socket.Recovered, socket.Data));
                    return Volatile.Read(ref refuse) && socket.Recovered ? throw new SocketIoConnectException("no") : default;
                });
                io.Of("/").OnConnection(socket => socket.Recovered ? default : socket.EmitAsync("hello"));
            },
            static o => o.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions { SkipMiddlewares = false });
        var client = await server.ConnectAsync();
        var (sid, pid, _) = await ConnectAsync(client);
        server.Sockets[sid].Socket.Data = "kept";
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        var again = await server.ConnectAsync();
        var (sid2, _, _) = await ConnectAsync(again, Reconnect(pid!, offset));
        Assert.Equal(sid, sid2);
        Assert.Equal((true, "kept"), seen.Last());
        again.Abort();
        await server.Sockets[sid].DisconnectedAsync();

        // The middleware refuses the recovered socket: the client is told, and the session is gone.
        Volatile.Write(ref refuse, true);
        var third = await server.ConnectAsync();
        await third.SendAsync("0" + Reconnect(pid!, offset));
        Assert.Equal("4{\"message\":\"no\"}", await third.ReceiveAsync());
    }
}
