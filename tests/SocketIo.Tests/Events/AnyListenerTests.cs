using System.Collections.Concurrent;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// Catch-all listeners: <see cref="SocketIoSocket.OnAny"/> and <see cref="SocketIoSocket.PrependAny"/> see every
/// incoming event before its own handlers; <see cref="SocketIoSocket.OnAnyOutgoing"/> sees every event sent to the
/// socket, by emit or broadcast, but not acknowledgements.
/// </summary>
public sealed class AnyListenerTests
{
    [Fact]
    public async Task OnAnyAndPrependAny_RunBeforeEventHandlersInListOrder()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(Any(calls, "any 1"));
        socket.On("e", e =>
        {
            calls.Enqueue("handler");
            return default;
        });
        socket.OnAny(Any(calls, "any 2"));
        socket.PrependAny(Any(calls, "prepended"));

        await client.SendAsync("""2["e",1]""");
        await client.SyncAsync();

        Assert.Equal(["prepended e", "any 1 e", "any 2 e", "handler"], calls);
    }

    [Fact]
    public async Task OnAny_EventWithoutHandler_SeenWithItsArguments()
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(e =>
        {
            seen.TrySetResult($"{e.Name} {e.Count} {e[0].GetRawText()} {e.HasAck}");
            return default;
        });

        await client.SendAsync("""25["unhandled",{"a":1}]""");

        Assert.Equal("""unhandled 1 {"a":1} True""", await seen.Task.DefaultTimeout());
    }

    [Fact]
    public async Task OffAny_OneListener_OthersKept()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        var removed = Any(calls, "removed");
        socket.OnAny(removed);
        socket.OnAny(Any(calls, "kept"));

        socket.OffAny(removed);
        await client.SendAsync("""2["e"]""");
        await client.SyncAsync();

        Assert.Equal(["kept e"], calls);
    }

    [Fact]
    public async Task OffAny_WithoutListener_RemovesAllButNotEventHandlers()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(Any(calls, "one"));
        socket.PrependAny(Any(calls, "two"));
        socket.On("e", e =>
        {
            calls.Enqueue("handler");
            return default;
        });

        socket.OffAny();
        await client.SendAsync("""2["e"]""");
        await client.SyncAsync();

        Assert.Equal(["handler"], calls);
    }

    [Fact]
    public async Task OnAnyOutgoing_Emit_SeesNameAndArguments()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAnyOutgoing((name, args) => seen.Enqueue($"{name} [{string.Join(",", args)}]"));

        await socket.EmitAsync("news", 1, "a");
        await socket.SendAsync("hi");

        Assert.Equal("""2["news",1,"a"]""", await client.ReceiveAsync());
        Assert.Equal("""2["message","hi"]""", await client.ReceiveAsync());
        Assert.Equal(["news [1,a]", "message [hi]"], seen);
    }

    [Fact]
    public async Task OnAnyOutgoing_Ack_NotSeen()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAnyOutgoing((name, _) => seen.Enqueue(name));
        socket.On("q", static e => e.AckAsync("answer"));

        await client.SendAsync("""23["q"]""");

        Assert.Equal("""33["answer"]""", await client.ReceiveAsync());
        Assert.Empty(seen);
    }

    /// <summary>The reference's adapter notifies each target's outgoing listeners of a broadcast.</summary>
    [Fact]
    public async Task OnAnyOutgoing_Broadcast_SeenByEachTarget()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAnyOutgoing((name, args) => seen.Enqueue($"{name} [{string.Join(",", args)}]"));

        await server.Io.EmitAsync("everyone", 2);

        Assert.Equal("""2["everyone",2]""", await client.ReceiveAsync());
        Assert.Equal(["everyone [2]"], seen);
    }

    [Fact]
    public async Task OffAnyOutgoing_ListenerRemoved()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        SocketIoOutgoingListener listener = (name, _) => seen.Enqueue(name);
        socket.OnAnyOutgoing(listener);

        socket.OffAnyOutgoing(listener);
        await socket.EmitAsync("news");

        Assert.Equal("""2["news"]""", await client.ReceiveAsync());
        Assert.Empty(seen);
    }

    private static SocketIoAnyListener Any(ConcurrentQueue<string> calls, string name) => e =>
    {
        calls.Enqueue($"{name} {e.Name}");
        return default;
    };
}
