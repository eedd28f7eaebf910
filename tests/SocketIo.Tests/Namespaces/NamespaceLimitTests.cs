using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Namespaces;

/// <summary>
/// One connection joins at most <see cref="SocketIoOptions.MaxNamespacesPerConnection"/> namespaces: with dynamic
/// namespaces a client could otherwise add sockets without end. A CONNECT beyond it gets a <c>connect_error</c> and
/// the connection stays.
/// </summary>
public sealed class NamespaceLimitTests
{
    [Fact]
    public async Task ConnectBeyondLimit_RefusedAndConnectionStays()
    {
        await using var server = await SocketIoTestServer.StartAsync(
            static io => io.Of(static name => name.StartsWith("/room-", StringComparison.Ordinal)),
            options: static o => o.MaxNamespacesPerConnection = 2);
        var client = await server.ConnectAsync();
        var first = await client.ConnectNamespaceAsync("/room-1");
        await client.ConnectNamespaceAsync("/room-2");

        await client.SendAsync("0/room-3,");

        Assert.Equal("""4/room-3,{"message":"Too many namespaces"}""", await client.ReceiveAsync());
        await client.SyncAsync();
        Assert.True(server.Sockets[first].Socket.Connected);
        await server.Logs.WaitForAsync("ConnectRefused");

        // A namespace left frees its place.
        await client.SendAsync("1/room-1,");
        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, await server.Sockets[first].DisconnectReasonAsync());
        await client.ConnectNamespaceAsync("/room-3");
    }

    [Fact]
    public async Task Default_OneHundred()
    {
        const int Limit = 100;
        Assert.Equal(Limit, new SocketIoOptions().MaxNamespacesPerConnection);
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of(static name => name.StartsWith("/room-", StringComparison.Ordinal)));
        var client = await server.ConnectAsync();
        for (var i = 0; i < Limit; i++)
        {
            await client.ConnectNamespaceAsync($"/room-{i}");
        }

        await client.SendAsync($"0/room-{Limit},");

        Assert.Equal($$"""4/room-{{Limit}},{"message":"Too many namespaces"}""", await client.ReceiveAsync());
    }

    /// <summary>CONNECTs that pass the early check together, through slow middleware, are counted again when they join.</summary>
    [Fact]
    public async Task ConnectsRacingThroughMiddleware_OnlyUpToTheLimitJoin()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        var bothWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Of(static name => name.StartsWith("/room-", StringComparison.Ordinal)).Use(async _ =>
            {
                if (Interlocked.Increment(ref waiting) == 2)
                {
                    bothWaiting.TrySetResult();
                }

                await gate.Task;
            }),
            options: static o => o.MaxNamespacesPerConnection = 1);
        var client = await server.ConnectAsync();

        await client.SendAsync("0/room-1,");
        await client.SendAsync("0/room-2,");
        await bothWaiting.Task.DefaultTimeout();
        gate.TrySetResult();

        string[] answers = [await client.ReceiveAsync(), await client.ReceiveAsync()];
        Assert.Single(answers, static answer => answer.StartsWith('0'));
        Assert.Single(answers, static answer => answer.EndsWith("""{"message":"Too many namespaces"}""", StringComparison.Ordinal));
    }
}
