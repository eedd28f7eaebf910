using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Namespaces;

/// <summary>
/// A connection that joins no namespace within <see cref="SocketIoOptions.ConnectTimeout"/> is closed; once one is
/// joined the timer is gone for good. The clock is the test's.
/// </summary>
public sealed class ConnectTimeoutTests
{
    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task NoNamespaceJoined_ClosedAtConnectTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var client = await server.ConnectAsync();
        await time.WaitForTimerAsync(_connectTimeout);

        time.Advance(_connectTimeout - _tick);
        // Refused CONNECTs do not count as joining.
        await client.SyncAsync();
        time.Advance(_tick);

        Assert.Empty(await client.AssertClosedAsync());
        await server.Logs.WaitForAsync("ConnectTimeout");
    }

    [Fact]
    public async Task NamespaceJoined_ConnectionKeptPastConnectTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();
        await time.WaitForTimerAsync(_connectTimeout);

        time.Advance(_connectTimeout * 2);

        await client.SyncAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task EveryNamespaceLeft_TimerNotArmedAgain()
    {
        var time = new TestTimeProvider();
        await using var server = await StartAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();
        await time.WaitForTimerAsync(_connectTimeout);
        await client.SendAsync("1");
        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, await server.Sockets[socket.Id].DisconnectReasonAsync());

        time.Advance(_connectTimeout * 2);

        await client.SyncAsync();
        await client.ConnectNamespaceAsync();
    }

    private static Task<SocketIoTestServer> StartAsync(TestTimeProvider time) =>
        SocketIoTestServer.StartAsync(options: static o => o.ConnectTimeout = _connectTimeout, timeProvider: time);
}
