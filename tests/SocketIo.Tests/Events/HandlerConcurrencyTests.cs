using System.Collections.Concurrent;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// A connection's handlers in progress are bounded by <see cref="SocketIoOptions.MaxConcurrentHandlersPerConnection"/>:
/// at the limit the server stops reading the connection until one finishes, so a client that sends faster than its
/// handlers finish is slowed, not refused, and what its packets hold stays bounded. Middleware counts; connection
/// handlers do not.
/// </summary>
public sealed class HandlerConcurrencyTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(null)]
    public async Task HandlersAtLimit_NextPacketReadOnlyOnceOneFinishes(int? limit)
    {
        var expected = limit ?? 32;
        Assert.Equal(32, new SocketIoOptions().MaxConcurrentHandlersPerConnection);
        var started = new ConcurrentDictionary<int, TaskCompletionSource>();
        var gates = new ConcurrentDictionary<int, TaskCompletionSource>();
        var firstFinished = 0;
        var nextStarted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(options: o =>
        {
            if (limit is { } value)
            {
                o.MaxConcurrentHandlersPerConnection = value;
            }
        });
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("slow", async e =>
        {
            var id = e.Get<int>(0);
            Signal(started, id).TrySetResult();
            await Signal(gates, id).Task;
        });
        socket.On("next", _ =>
        {
            nextStarted.TrySetResult(Volatile.Read(ref firstFinished) == 1);
            return default;
        });

        for (var id = 0; id < expected; id++)
        {
            await client.SendAsync($"""2["slow",{id}]""");
        }

        await client.SendAsync("""2["next"]""");
        for (var id = 0; id < expected; id++)
        {
            await Signal(started, id).Task.DefaultTimeout();
        }

        var atLimit = server.Logs.WaitForAsync("HandlersAtLimit");
        Assert.Same(atLimit, await Task.WhenAny(atLimit, nextStarted.Task).DefaultTimeout());
        Volatile.Write(ref firstFinished, 1);
        Signal(gates, 0).TrySetResult();

        Assert.True(await nextStarted.Task.DefaultTimeout());
        foreach (var gate in gates.Values)
        {
            gate.TrySetResult();
        }

        await client.SyncAsync();
    }

    /// <summary>A namespace join waiting on slow middleware holds a place as an event handler does.</summary>
    [Fact]
    public async Task MiddlewareInProgress_Counts()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var middlewareStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Of("/slow").Use(async _ =>
            {
                middlewareStarted.TrySetResult();
                await gate.Task;
            }),
            options: static o => o.MaxConcurrentHandlersPerConnection = 1);
        var client = await server.ConnectAsync();

        await client.SendAsync("0/slow,");
        await middlewareStarted.Task.DefaultTimeout();
        await client.SendAsync("0");
        await server.Logs.WaitForAsync("HandlersAtLimit");
        gate.TrySetResult();

        Assert.StartsWith("""0/slow,{"sid":""", await client.ReceiveAsync());
        Assert.StartsWith("""0{"sid":""", await client.ReceiveAsync());
    }

    /// <summary>A connection handler may run for the life of its socket; it must not take a place from events.</summary>
    [Fact]
    public async Task ConnectionHandlerStillRunning_DoesNotCount()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Sockets.OnConnection(async socket =>
            {
                socket.On("ping", static e => e.Socket.EmitAsync("pong"));
                await gate.Task;
            }),
            options: static o => o.MaxConcurrentHandlersPerConnection = 1);
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["ping"]""");
        await client.SendAsync("""2["ping"]""");

        Assert.Equal("""2["pong"]""", await client.ReceiveAsync());
        Assert.Equal("""2["pong"]""", await client.ReceiveAsync());
        gate.TrySetResult();
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<int, TaskCompletionSource> signals, int id) =>
        signals.GetOrAdd(id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
