using SocketIo.Redis.Tests.Infrastructure;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Two BenchServer processes on one Redis, driven by raw clients: the cluster events of the benchmarks (count, kick,
/// servers) work across processes, as across the nodes of a deployment.
/// </summary>
public sealed class CrossProcessTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData("redis")]
    [InlineData("redis-sharded")]
    public async Task BenchServers_CountKickAndServers_AcrossProcesses(string adapter)
    {
        await using var one = await BenchServerProcess.StartAsync("--redis", redis.Server.Configuration, "--adapter", adapter);
        await using var two = await BenchServerProcess.StartAsync("--redis", redis.Server.Configuration, "--adapter", adapter);
        await using var member = await SocketIoTestClient.ConnectAsync(one.BaseAddress);
        await member.ConnectNamespaceAsync();
        await using var asker = await SocketIoTestClient.ConnectAsync(two.BaseAddress);
        await asker.ConnectNamespaceAsync();

        await member.SendAsync("""21["join","r"]""");
        Assert.Equal("31[]", await member.ReceiveAsync());
        await asker.SendAsync("""21["count","r"]""");
        Assert.Equal("31[1]", await asker.ReceiveAsync());
        await asker.SendAsync("""22["servers"]""");
        Assert.Equal($"""32[["{one.ProcessId}"]]""", await asker.ReceiveAsync());

        await asker.SendAsync("""23["kick","r"]""");
        Assert.Equal("33[]", await asker.ReceiveAsync());
        // The kick reaches the other process through Redis: its DISCONNECT packet is the signal, then the connection
        // closes (a barrier could still be answered while it does, so the socket's state is watched instead).
        Assert.Equal("1", await member.ReceiveAsync());
        await RedisCluster.WaitUntilAsync(() => Task.FromResult(member.State != System.Net.WebSockets.WebSocketState.Open));
        await asker.SendAsync("""24["count","r"]""");
        Assert.Equal("34[0]", await asker.ReceiveAsync());
    }

    [Fact]
    public async Task BenchServer_UnknownAdapter_RefusedWithItsUsage()
    {
        var (exitCode, errors) = await BenchServerProcess.RunToExitAsync("--redis", redis.Server.Configuration, "--adapter", "memcached");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: --redis <host:port> [--adapter redis|redis-sharded|redis-streams]", errors, StringComparison.Ordinal);
    }
}
