using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Connection state recovery across servers of this process on the Redis Streams adapter, with a raw client: cut from
/// one server, it comes back to another and is recovered there with its id, rooms, data and exactly the packets it
/// missed (their offsets being the stream's entry ids); and the cases where it must not be.
/// </summary>
public sealed class RedisStreamsRecoveryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    /// <summary>A node whose sockets, on their first connection, join "room", keep a value in Data and say hello.</summary>
    private Task<SocketIoTestServer> NodeAsync(string key, bool recovery = true, ConcurrentQueue<SocketIoSocket>? connections = null, Action<RedisStreamsAdapterOptions>? options = null, TimeSpan? window = null) =>
        RedisStreamsCluster.StartNodeAsync(
            redis.Server.Configuration,
            key,
            io => io.Of("/").OnConnection(socket =>
            {
                connections?.Enqueue(socket);
                if (socket.Recovered)
                {
                    return default;
                }

                socket.Join("room");
                socket.Data = new Dictionary<string, object> { ["user"] = socket.Id };
                return socket.EmitAsync("hello");
            }),
            recovery: recovery,
            options: options,
            server: o =>
            {
                if (window is { } w && o.ConnectionStateRecovery is { } r)
                {
                    r.MaxDisconnectionDuration = w;
                }
            });

    /// <summary>Joins "/" with <paramref name="auth"/>; returns sid, pid and the packets that came before the CONNECT answer.</summary>
    private static async Task<(string Sid, string? Pid, List<string> Before)> JoinAsync(SocketIoTestClient client, string? auth = null)
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
            var pid = json.RootElement.TryGetProperty("pid", out var p) ? p.GetString() : null;
            return (json.RootElement.GetProperty("sid").GetString()!, pid, before);
        }
    }

    private static string OffsetOf(string packet)
    {
        using var json = JsonDocument.Parse(packet.AsMemory(packet.IndexOf('[', StringComparison.Ordinal)));
        return json.RootElement[json.RootElement.GetArrayLength() - 1].GetString()!;
    }

    private static string Auth(string pid, string offset) => JsonSerializer.Serialize(new { pid, offset });

    /// <summary>Cuts the client and waits until its session is in Redis (the disconnected server writes it in the background).</summary>
    private async Task CutAsync(SocketIoTestServer server, SocketIoTestClient client, string sid, string key, string pid)
    {
        // A recovered socket skipped the middleware that tracks sockets: its namespace knows it.
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Io.Of("/").Sockets[sid].Disconnected += (_, _) => gone.TrySetResult();
        client.Abort();
        await gone.Task.DefaultTimeout();
        await SessionStoredAsync(key, pid);
    }

    /// <summary>Waits until the session of <paramref name="pid"/> is in Redis, where a restore on any server finds it.</summary>
    private async Task SessionStoredAsync(string key, string pid)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await RedisCluster.WaitUntilAsync(async () => await connection.GetDatabase().KeyExistsAsync(key + ":session:" + pid));
    }

    /// <summary>
    /// The id of the stream's last entry, once it has one: an emit returns before the adapter's XADD has reached Redis,
    /// so a read right after it may find the stream still empty.
    /// </summary>
    private async Task<string> LastEntryIdAsync(string key)
    {
        StreamEntry[] entries = [];
        await RedisCluster.WaitUntilAsync(async () => (entries = await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key)).Length > 0);
        return (string)entries[^1].Id!;
    }

    [Fact]
    public async Task CutFromOneServer_RecoveredOnTheOther_SameIdRoomsData_MissedPacketsInOrder()
    {
        var key = redis.NewKey();
        var connections = new ConcurrentQueue<SocketIoSocket>();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key, connections: connections);
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        Assert.NotNull(pid);
        var hello = await client.ReceiveAsync();
        var offset = OffsetOf(hello);
        Assert.Matches("^[0-9]+-[0-9]+$", offset);
        await CutAsync(a, client, sid, key, pid);

        // Sent while the client is away, from both servers: to its room, elsewhere, volatile, excepting it, to all.
        await b.Io.To("room").EmitAsync("missed", 1);
        await a.Io.To("elsewhere").EmitAsync("missed", "not for it");
        await b.Io.Sockets.Volatile.EmitAsync("missed", "volatile");
        await a.Io.To("room").EmitAsync("missed", 2);
        await b.Io.To("room").Except(sid).EmitAsync("missed", "excepted");
        await b.Io.Of("/chat").EmitAsync("missed", "another namespace");
        await a.Io.EmitAsync("missed", 3);
        // Everything above is in the stream before the client comes back (7 entries after the hello).
        await RedisCluster.WaitUntilAsync(async () => (await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key)).Length == 8);

        var again = await b.ConnectAsync();
        var (sid2, pid2, before) = await JoinAsync(again, Auth(pid, offset));

        Assert.Equal(sid, sid2);
        Assert.Equal(pid, pid2);
        // The two servers' entries interleave as Redis received them: the missed packets come in the stream's order,
        // each with its entry's id as offset.
        var entries = await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key);
        var expected = entries
            .Select(static e => (Id: (string)e.Id!, Match: System.Text.RegularExpressions.Regex.Match((string)e["data"]!, "\\[\"missed\",([123])\\]")))
            .Where(static e => e.Match.Success)
            .ToList();
        Assert.Equal(expected.Select(static e => e.Match.Groups[1].Value), before.Select(p => JsonDocument.Parse(p.AsMemory(1)).RootElement[1].ToString()));
        Assert.Equal(["1", "2", "3"], expected.Select(static e => e.Match.Groups[1].Value).Order());
        Assert.Equal(expected.Select(static e => e.Id), before.Select(OffsetOf));
        var recovered = connections.Last();
        Assert.True(recovered.Recovered);
        Assert.Equal(sid, recovered.Id);
        Assert.Equal(new[] { sid, "room" }.Order(), recovered.Rooms.Order());
        Assert.Equal($"{{\"user\":\"{sid}\"}}", JsonSerializer.Serialize(recovered.Data));

        // Back in its room, on its new server, from either server.
        await a.Io.To("room").EmitAsync("live");
        Assert.StartsWith("2[\"live\",", await again.ReceiveAsync());
        await again.AssertNothingReceivedAsync();
    }

    /// <summary>
    /// The restoring server reads a broadcast from the stream and sends it to its sockets just before the restored socket
    /// is back in its rooms, and the socket's rooms are added back at that very point (through the adapter's seam, on the
    /// delivering thread): the packet missed the socket, so it must be among the session's missed packets; what comes
    /// once the socket is back is not.
    /// </summary>
    [Fact]
    public async Task RoomsAddedBackJustAfterAStreamPacketWentToTheSockets_ThePacketIsAmongTheMissed()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var adapter = RedisStreamsCluster.Adapter(a.Io.Sockets);
        await b.Io.EmitAsync("before");
        var offset = await LastEntryIdAsync(key);
        var session = new SocketIoSession("restored", "restored-pid", ["restored", "room"], data: null);
        adapter.PersistSession(session);
        await SessionStoredAsync(key, session.PrivateId);

        var recovered = await adapter.RestoreSessionAsync(session.PrivateId, offset, CancellationToken.None);
        Assert.NotNull(recovered);
        var marked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        adapter.AfterLocalDelivery = packet =>
        {
            var text = System.Text.Encoding.UTF8.GetString(packet.Text.Span);
            if (text.Contains("\"late\"", StringComparison.Ordinal))
            {
                adapter.AddAll(session.Id, session.Rooms);
            }
            else if (text.Contains("\"marker\"", StringComparison.Ordinal))
            {
                // The poller delivers in the stream's order: the late packet's delivery is over.
                marked.TrySetResult();
            }
        };

        await b.Io.To("room").EmitAsync("late");
        await b.Io.EmitAsync("marker");
        await marked.Task.DefaultTimeout();

        Assert.Equal(["late"], recovered.MissedPackets.Select(static p => JsonDocument.Parse(p.Text[1..]).RootElement[0].GetString()));
        adapter.DelAll(session.Id);
    }

    /// <summary>
    /// The restoring server's stream reader lags behind the stream (held in the delivery of an earlier entry): a packet
    /// for the session's rooms is in the stream, so the restore reads it, but has not gone through this server's local
    /// delivery yet. The restore completes only once it has (offered to the restore, held, dropped as read), rather than
    /// let it reach the socket a second time, directly, once the socket is back in its rooms.
    /// </summary>
    [Fact]
    public async Task ReaderBehindTheStream_RestoreCompletesOnceItCaughtUp_ThePacketOnlyAmongTheMissed()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var adapter = RedisStreamsCluster.Adapter(a.Io.Sockets);
        await b.Io.EmitAsync("before");
        var offset = await LastEntryIdAsync(key);
        var session = new SocketIoSession("restored", "restored-pid", ["restored", "room"], data: null);
        adapter.PersistSession(session);
        await SessionStoredAsync(key, session.PrivateId);

        using var gate = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateDelivered = 0;
        adapter.AfterLocalDelivery = packet =>
        {
            var text = System.Text.Encoding.UTF8.GetString(packet.Text.Span);
            if (text.Contains("\"blocker\"", StringComparison.Ordinal))
            {
                blocked.TrySetResult();
                gate.Wait(TimeSpan.FromSeconds(30));
            }
            else if (text.Contains("\"late\"", StringComparison.Ordinal))
            {
                Volatile.Write(ref lateDelivered, 1);
            }
        };
        await b.Io.To("other").EmitAsync("blocker");
        await blocked.Task.DefaultTimeout();
        await b.Io.To("room").EmitAsync("late");
        await RedisCluster.WaitUntilAsync(async () => (await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key)).Length == 3);

        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        adapter.WaitingForDeliveries = () => waiting.TrySetResult();
        var restore = adapter.RestoreSessionAsync(session.PrivateId, offset, CancellationToken.None).AsTask();
        await Task.WhenAny(restore, waiting.Task).DefaultTimeout();
        var completedBeforeTheReaderCaughtUp = restore.IsCompleted;
        gate.Set();
        var recovered = await restore.DefaultTimeout();

        Assert.False(completedBeforeTheReaderCaughtUp, "The restore completed while the packet it read had not been delivered here.");
        Assert.Equal(1, Volatile.Read(ref lateDelivered));
        Assert.NotNull(recovered);
        Assert.Equal(["late"], recovered.MissedPackets.Select(static p => JsonDocument.Parse(p.Text[1..]).RootElement[0].GetString()));
        adapter.AddAll(session.Id, session.Rooms);
        adapter.DelAll(session.Id);
    }

    [Fact]
    public async Task RecoveredTwice_TheOffsetOfTheSecondSessionWorks()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        await CutAsync(a, client, sid, key, pid!);

        var second = await b.ConnectAsync();
        var (sid2, _, missed) = await JoinAsync(second, Auth(pid!, offset));
        Assert.Equal(sid, sid2);
        Assert.Empty(missed);
        await a.Io.EmitAsync("one");
        offset = OffsetOf(await second.ReceiveAsync());
        await CutAsync(b, second, sid, key, pid!);
        await b.Io.EmitAsync("two");

        var third = await a.ConnectAsync();
        var (sid3, _, missed3) = await JoinAsync(third, Auth(pid!, offset));
        Assert.Equal(sid, sid3);
        Assert.StartsWith("2[\"two\",", Assert.Single(missed3));
    }

    [Fact]
    public async Task UnknownPid_OffsetNotInTheStream_OrNotAnOffset_NewSocket()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);

        var unknown = await b.ConnectAsync();
        var (sid, _, before) = await JoinAsync(unknown, Auth("AAAAAAAAAAAAAAAAAAAA", "1-0"));
        Assert.Empty(before);
        Assert.False(b.Sockets[sid].Socket.Recovered);

        foreach (var offset in new[] { "1-0", "not-an-offset", "99999999999999-0" })
        {
            var client = await a.ConnectAsync();
            var (first, pid, _) = await JoinAsync(client);
            await client.ReceiveAsync();
            await CutAsync(a, client, first, key, pid!);
            var again = await b.ConnectAsync();
            var (next, _, missed) = await JoinAsync(again, Auth(pid!, offset));
            Assert.NotEqual(first, next);
            Assert.Empty(missed);
            Assert.False(b.Sockets[next].Socket.Recovered);
        }
    }

    [Fact]
    public async Task OffsetTrimmedFromTheStream_NewSocket()
    {
        var key = redis.NewKey();
        // Exact trimming is not promised (MAXLEN ~): the stream is trimmed by hand below.
        await using var a = await NodeAsync(key);
        await using var b = await NodeAsync(key);
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        await CutAsync(a, client, sid, key, pid!);
        await a.Io.EmitAsync("after");
        await RedisCluster.WaitUntilAsync(async () => (await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key)).Length == 2);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration))
        {
            await connection.GetDatabase().StreamTrimAsync(key, 1);
        }

        var again = await b.ConnectAsync();
        var (next, _, missed) = await JoinAsync(again, Auth(pid!, offset));
        Assert.NotEqual(sid, next);
        Assert.Empty(missed);
    }

    [Fact]
    public async Task WindowExpired_SessionKeyGone_NewSocket()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, window: TimeSpan.FromMilliseconds(300));
        await using var b = await NodeAsync(key, window: TimeSpan.FromMilliseconds(300));
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        client.Abort();
        await a.Sockets[sid].DisconnectedAsync();
        // Redis expires the session (SET ... PX): the signal is the key's absence after it was there.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var sessionKey = key + ":session:" + pid;
        var seen = false;
        await RedisCluster.WaitUntilAsync(async () =>
        {
            var exists = await connection.GetDatabase().KeyExistsAsync(sessionKey);
            seen |= exists;
            return seen && !exists;
        });

        var again = await b.ConnectAsync();
        var (next, _, _) = await JoinAsync(again, Auth(pid!, offset));
        Assert.NotEqual(sid, next);
    }

    [Fact]
    public async Task MoreMissedThanMaxRestoredPackets_NewSocketRatherThanPart()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, options: static o => o.MaxRestoredPackets = 2);
        await using var b = await NodeAsync(key, options: static o => o.MaxRestoredPackets = 2);
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        var offset = OffsetOf(await client.ReceiveAsync());
        await CutAsync(a, client, sid, key, pid!);
        for (var i = 0; i < 3; i++)
        {
            await a.Io.EmitAsync("missed", i);
        }

        await RedisCluster.WaitUntilAsync(async () => (await RedisStreamsCluster.EntriesAsync(redis.Server.Configuration, key)).Length == 4);
        var again = await b.ConnectAsync();
        var (next, _, missed) = await JoinAsync(again, Auth(pid!, offset));
        Assert.NotEqual(sid, next);
        Assert.Empty(missed);
    }

    [Fact]
    public async Task RecoveryOff_NoPidNoOffsetsNoSession()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, recovery: false);
        var client = await a.ConnectAsync();
        var (sid, pid, _) = await JoinAsync(client);
        Assert.Null(pid);
        Assert.Equal("2[\"hello\"]", await client.ReceiveAsync());
        await a.Io.EmitAsync("plain");
        Assert.Equal("2[\"plain\"]", await client.ReceiveAsync());
        client.Abort();
        await a.Sockets[sid].DisconnectedAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var keys = connection.GetServers()[0].Keys(pattern: key + ":session:*").ToList();
        Assert.Empty(keys);
    }

    /// <summary>
    /// While Redis does not answer, this server's recoverable broadcasts wait for their entry ids, in order; beyond
    /// <see cref="RedisStreamsAdapterOptions.MaxPendingPublishes"/> of them a broadcast goes out at once without an
    /// offset rather than wait in memory. Redis's <c>CLIENT PAUSE … WRITE</c> holds the <c>XADD</c>s.
    /// </summary>
    [Fact]
    public async Task RedisNotAnswering_HeldBroadcastsBounded_TheRestGoOutAtOnceWithoutOffset()
    {
        var key = redis.NewKey();
        await using var a = await NodeAsync(key, options: static o => o.MaxPendingPublishes = 2);
        var client = await a.ConnectAsync();
        await JoinAsync(client);
        await client.ReceiveAsync();
        await using var control = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true");
        var server = control.GetServers()[0];
        await server.ExecuteAsync("CLIENT", "PAUSE", "60000", "WRITE");
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                await a.Io.EmitAsync("n", i);
            }

            // 1 and 2 wait for Redis; 3 and 4 are past the bound.
            Assert.Equal("2[\"n\",3]", await client.ReceiveAsync());
            Assert.Equal("2[\"n\",4]", await client.ReceiveAsync());
        }
        finally
        {
            await server.ExecuteAsync("CLIENT", "UNPAUSE");
        }

        Assert.Matches("^2\\[\"n\",1,\"[0-9]+-[0-9]+\"\\]$", await client.ReceiveAsync());
        Assert.Matches("^2\\[\"n\",2,\"[0-9]+-[0-9]+\"\\]$", await client.ReceiveAsync());
    }
}
