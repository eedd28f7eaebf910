using System.Collections.Concurrent;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// Event handlers by name: several per event in order, removal with <see cref="SocketIoSocket.Off"/>, failures that
/// stay in the log, and the names the client library keeps for itself.
/// </summary>
public sealed class EventListenerTests
{
    [Fact]
    public async Task On_TwoHandlersSameEvent_BothRunInOrderAdded()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", Handler(calls, "first"));
        socket.On("e", Handler(calls, "second"));
        socket.On("other", Handler(calls, "other"));

        await client.SendAsync("""2["e"]""");
        await client.SyncAsync();

        Assert.Equal(["first", "second"], calls);
    }

    /// <summary>
    /// Handlers start in arrival order, but one that awaits does not hold back the next packet: here the first handler
    /// waits for something only the second event brings, which would never come if the server waited for it.
    /// </summary>
    [Fact]
    public async Task On_AwaitingHandler_DoesNotHoldBackTheNextEvent()
    {
        var calls = new ConcurrentQueue<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("slow", async e =>
        {
            calls.Enqueue("slow start");
            await gate.Task;
            calls.Enqueue("slow end");
            slowDone.TrySetResult();
        });
        socket.On("fast", e =>
        {
            calls.Enqueue("fast");
            gate.TrySetResult();
            return default;
        });

        await client.SendAsync("""2["slow"]""");
        await client.SendAsync("""2["fast"]""");

        await slowDone.Task.DefaultTimeout();
        Assert.Equal(["slow start", "fast", "slow end"], calls);
    }

    [Fact]
    public async Task Off_OneHandler_OthersStillRun()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        var removed = Handler(calls, "removed");
        socket.On("e", removed);
        socket.On("e", Handler(calls, "kept"));

        socket.Off("e", removed);
        await client.SendAsync("""2["e"]""");
        await client.SyncAsync();

        Assert.Equal(["kept"], calls);
    }

    [Fact]
    public async Task Off_WithoutHandler_RemovesEveryHandlerOfTheEvent()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", Handler(calls, "one"));
        socket.On("e", Handler(calls, "two"));
        socket.On("f", Handler(calls, "f"));

        socket.Off("e");
        await client.SendAsync("""2["e"]""");
        await client.SendAsync("""2["f"]""");
        await client.SyncAsync();

        Assert.Equal(["f"], calls);
    }

    [Fact]
    public async Task HandlerThrows_LoggedAndConnectionSurvives()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        server.ErrorsExpected = true;
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("boom", static _ => throw new InvalidOperationException("handler bug"));
        socket.On("ping", static e => e.Socket.EmitAsync("pong"));

        await client.SendAsync("""2["boom"]""");
        await client.SendAsync("""2["ping"]""");

        Assert.Equal("""2["pong"]""", await client.ReceiveAsync());
        var logged = await server.Logs.WaitForAsync("HandlerFailed");
        Assert.Equal("handler bug", Assert.IsType<InvalidOperationException>(logged.Exception).Message);
        Assert.True(socket.Connected);
    }

    /// <summary>A handler's name is matched against the client's JSON string as decoded, escapes included.</summary>
    [Fact]
    public async Task On_NameEscapedByClient_HandlerRunsWithRegisteredName()
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("caf", static _ => throw new InvalidOperationException("prefix matched"));
        socket.On("café", e =>
        {
            seen.TrySetResult(e.Name);
            return default;
        });

        await client.SendAsync("""2["caf\u00e9"]""");

        Assert.Equal("café", await seen.Task.DefaultTimeout());
    }

    /// <summary>The reference accepts a number as the event name; a handler registered under its text gets it.</summary>
    [Fact]
    public async Task On_NumericEventName_MatchedByItsText()
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("7", e =>
        {
            seen.TrySetResult($"{e.Name} {e[0].GetString()}");
            return default;
        });

        await client.SendAsync("""2[7,"x"]""");

        Assert.Equal("7 x", await seen.Task.DefaultTimeout());
    }

    /// <summary>A client may not send a reserved name even when the application registered a handler under it.</summary>
    [Fact]
    public async Task On_ReservedNameWithHandler_ParseErrorAndHandlerNotRun()
    {
        var handled = false;
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("disconnect", _ =>
        {
            handled = true;
            return default;
        });

        await client.SendAsync("""2["disconnect"]""");

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        Assert.False(handled);
    }

    [Theory]
    [InlineData("connect")]
    [InlineData("connect_error")]
    [InlineData("disconnect")]
    [InlineData("disconnecting")]
    [InlineData("newListener")]
    [InlineData("removeListener")]
    public async Task Emit_ReservedEventName_ThrowsAndSendsNothing(string name)
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await socket.EmitAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(async () => await socket.EmitWithAckAsync(name, TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Io.EmitAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Io.To(socket.Id).EmitAsync(name, 1));
        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Io.Sockets.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync(name));

        Assert.Contains($"\"{name}\" is a reserved event name", error.Message, StringComparison.Ordinal);
        await client.AssertNothingReceivedAsync();
    }

    /// <summary>A set given to two sockets runs its handlers on each, in the order the set has them.</summary>
    [Fact]
    public async Task OnSet_SharedByTwoSockets_RunsOnEach()
    {
        var calls = new ConcurrentQueue<string>();
        var set = SocketIoEventHandlers.Empty.On("e", Handler(calls, "first")).On("f", Handler(calls, "f")).On("e", Handler(calls, "second"));
        await using var server = await SocketIoTestServer.StartAsync();
        var (one, oneSocket) = await server.ConnectSocketAsync();
        var (two, twoSocket) = await server.ConnectSocketAsync();
        oneSocket.On(set);
        twoSocket.On(set);

        await one.SendAsync("""2["e"]""");
        await one.SyncAsync();
        await two.SendAsync("""2["f"]""");
        await two.SyncAsync();

        Assert.Equal(["first", "second", "f"], calls);
    }

    /// <summary>
    /// A socket holding a shared set copies it when its own handlers change: what one socket adds or removes, the other
    /// socket and the set itself do not get.
    /// </summary>
    [Fact]
    public async Task OnSet_ThenOneSocketChangesItsHandlers_TheOtherAndTheSetKeepTheirs()
    {
        var calls = new ConcurrentQueue<string>();
        var set = SocketIoEventHandlers.Empty.On("e", Handler(calls, "shared e")).On("g", Handler(calls, "shared g"));
        await using var server = await SocketIoTestServer.StartAsync();
        var (one, oneSocket) = await server.ConnectSocketAsync();
        var (two, twoSocket) = await server.ConnectSocketAsync();
        oneSocket.On(set);
        twoSocket.On(set);

        oneSocket.On("e", Handler(calls, "one's own e"));
        oneSocket.Off("g");
        var (three, threeSocket) = await server.ConnectSocketAsync();
        threeSocket.On(set);
        foreach (var client in new[] { one, two, three })
        {
            await client.SendAsync("""2["e"]""");
            await client.SendAsync("""2["g"]""");
            await client.SyncAsync();
        }

        Assert.Equal(["shared e", "one's own e", "shared e", "shared g", "shared e", "shared g"], calls);
    }

    /// <summary>A set given to a socket that has handlers already adds its own after them.</summary>
    [Fact]
    public async Task OnSet_SocketWithHandlers_SetsHandlersRunAfterItsOwn()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", Handler(calls, "own"));
        socket.On(SocketIoEventHandlers.Empty.On("e", Handler(calls, "set e")).On("f", Handler(calls, "set f")));

        await client.SendAsync("""2["e"]""");
        await client.SendAsync("""2["f"]""");
        await client.SyncAsync();

        Assert.Equal(["own", "set e", "set f"], calls);
    }

    [Fact]
    public void EventHandlersOn_LeavesTheSetItWasCalledOnUnchanged()
    {
        var calls = new ConcurrentQueue<string>();
        var first = SocketIoEventHandlers.Empty.On("e", Handler(calls, "one"));

        var second = first.On("e", Handler(calls, "two"));

        Assert.Empty(SocketIoEventHandlers.Empty.Entries);
        Assert.Single(Assert.Single(first.Entries).Value);
        Assert.Equal(2, Assert.Single(second.Entries).Value.Length);
        Assert.Throws<ArgumentException>(() => first.On("", Handler(calls, "none")));
    }

    private static SocketIoEventListener Handler(ConcurrentQueue<string> calls, string name) => _ =>
    {
        calls.Enqueue(name);
        return default;
    };
}
