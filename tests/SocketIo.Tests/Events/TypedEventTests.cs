using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// Event arguments in and out: typed through the application's source-generated context
/// (<see cref="SocketIoOptions.JsonSerializerOptions"/>), or raw through <see cref="SocketIoEvent"/>.
/// </summary>
public sealed class TypedEventTests
{
    [Fact]
    public async Task OnTyped_ObjectArgument_DeserializedWithConfiguredContext()
    {
        var received = new TaskCompletionSource<(ChatMessage? Message, int Count)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On<ChatMessage>("chat", (message, e) =>
        {
            received.TrySetResult((message, e.Count));
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["chat",{"user":"ann","text":"hi"},2]""");

        var (message, count) = await received.Task.DefaultTimeout();
        Assert.Equal(new ChatMessage("ann", "hi"), message);
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task OnTyped_NoArgument_Default()
    {
        var received = new TaskCompletionSource<ChatMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On<ChatMessage>("chat", (message, _) =>
        {
            received.TrySetResult(message);
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["chat"]""");

        Assert.Null(await received.Task.DefaultTimeout());
    }

    /// <summary>
    /// The options say to put the application's context first in the chain: types it does not declare (an int here)
    /// must still resolve through what follows, the server's own context and, where allowed, reflection.
    /// </summary>
    [Fact]
    public async Task OnTyped_TypeOutsideConfiguredContext_StillResolved()
    {
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On<int>("count", (count, _) =>
        {
            received.TrySetResult(count);
            return default;
        }));
        server.ErrorsExpected = true;
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["count",42]""");

        var failed = server.Logs.WaitForAsync("HandlerFailed");
        if (await Task.WhenAny(received.Task, failed).DefaultTimeout() == failed)
        {
            Assert.Fail("The handler failed: " + (await failed).Exception);
        }

        Assert.Equal(42, await received.Task);
    }

    [Fact]
    public async Task On_RawEvent_NameArgumentsAndJson()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        SocketIoSocket? sender = null;
        await using var server = await StartAsync(socket => socket.On("e", e =>
        {
            sender = e.Socket;
            received.TrySetResult($"{e.Name}|{e.Count}|{e[0].GetInt32()}|{e.Get<string>(1)}|{e[2].GetRawText()}|{e.HasAck}|{e.IsBinary(0)}");
            return default;
        }));
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["e",1,"2",{"3":[true]}]""");

        Assert.Equal("""e|3|1|2|{"3":[true]}|False|False""", await received.Task.DefaultTimeout());
        Assert.Same(socket, sender);
    }

    [Fact]
    public async Task On_NumericEventName_HandledUnderItsText()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On("7", e =>
        {
            received.TrySetResult($"{e.Name}|{e.Count}|{e.Get<string>(0)}");
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2[7,"a"]""");

        Assert.Equal("7|1|a", await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task On_ArgumentIndexOutOfRange_Throws()
    {
        var received = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On("e", e =>
        {
            received.TrySetResult(Record.Exception(() => e[1]));
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["e",1]""");

        Assert.IsType<ArgumentOutOfRangeException>(await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task EmitAsync_TypedObject_SerializedWithConfiguredContext()
    {
        await using var server = await StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await socket.EmitAsync("chat", new ChatMessage("ann", "hi"), 1, "two", true, null);

        Assert.Equal("""2["chat",{"user":"ann","text":"hi"},1,"two",true,null]""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task EmitAsync_JsonElementFromClient_EchoedAsItCame()
    {
        await using var server = await StartAsync(socket => socket.On("echo", e => e.Socket.EmitAsync("echo-back", e[0].Clone())));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["echo",{"a":[1,"b",null]}]""");

        Assert.Equal("""2["echo-back",{"a":[1,"b",null]}]""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task SendAsync_MessageEvent()
    {
        await using var server = await StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await socket.SendAsync("hello", 1);

        Assert.Equal("""2["message","hello",1]""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task Get_ArgumentOfWrongShape_JsonException()
    {
        var received = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On("chat", e =>
        {
            received.TrySetResult(Record.Exception(() => e.Get<ChatMessage>(0)));
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["chat",[1,2]]""");

        Assert.IsAssignableFrom<JsonException>(await received.Task.DefaultTimeout());
    }

    private static Task<SocketIoTestServer> StartAsync(Action<SocketIoSocket>? onConnection = null) =>
        SocketIoTestServer.StartAsync(
            io => io.Sockets.OnConnection(socket =>
            {
                onConnection?.Invoke(socket);
                return default;
            }),
            options: TestJsonContext.Configure);
}
