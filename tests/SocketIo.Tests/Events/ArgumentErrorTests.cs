using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// Arguments a handler cannot read are the client's fault, not the application's: an event whose argument does not
/// fit its typed handler (a wrong shape, a string that is not valid text such as a lone surrogate escape) is dropped
/// with one Debug line and no stack, the connection and its other sockets stay, and no acknowledgement is made up for
/// the client. <see cref="SocketIoArguments.TryGet{T}"/> lets a handler answer such a client itself. An event name
/// that is not valid text is a parse error.
/// </summary>
public sealed class ArgumentErrorTests
{
    [Theory]
    [InlineData("""2["text","\ud800"]""")]
    [InlineData("""2["text","a\udc00b"]""")]
    [InlineData("""2["chat",{"user":"\ud800","text":"x"}]""")]
    [InlineData("""2["chat",[1,2]]""")]
    [InlineData("""2["count","x"]""")]
    [InlineData("""2["count",{"a":1}]""")]
    public async Task TypedHandler_ArgumentDoesNotFit_DroppedWithOneDebugLineEachAndConnectionKept(string packet)
    {
        var handled = 0;
        await using var server = await StartAsync(socket =>
        {
            socket.On<string>("text", (_, _) => Handled(ref handled));
            socket.On<ChatMessage>("chat", (_, _) => Handled(ref handled));
            socket.On<int>("count", (_, _) => Handled(ref handled));
            socket.On("ping", static e => e.Socket.EmitAsync("pong"));
        });
        var (client, _) = await server.ConnectSocketAsync();

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(packet);
        }

        await client.SendAsync("""2["ping"]""");
        Assert.Equal("""2["pong"]""", await client.ReceiveAsync());

        Assert.Equal(0, Volatile.Read(ref handled));
        var logged = server.Logs.Entries.Where(static entry => entry.Category == "SocketIo" && entry.Level >= LogLevel.Debug
            && entry.EventId.Name is not ("SocketConnected" or "SocketDisconnected")).ToList();
        Assert.Equal(3, logged.Count);
        Assert.All(logged, static entry =>
        {
            Assert.Equal("ArgumentsRejected", entry.EventId.Name);
            Assert.Equal(LogLevel.Debug, entry.Level);
            Assert.Null(entry.Exception);
            Assert.DoesNotContain('\n', entry.Message);
        });
    }

    [Fact]
    public async Task TypedHandler_ArgumentDoesNotFitWithAck_NoAckAndEveryOtherSocketStays()
    {
        var chatDisconnected = false;
        await using var server = await StartAsync(socket => socket.On<string>("text", static (_, e) => e.AckAsync("read")));
        server.Io.Of("/chat");
        var client = await server.ConnectAsync();
        var mainSid = await client.ConnectNamespaceAsync("/");
        var chatSid = await client.ConnectNamespaceAsync("/chat");
        server.Sockets[chatSid].Socket.Disconnected += (_, _) => chatDisconnected = true;
        var (other, otherSocket) = await server.ConnectSocketAsync();

        await client.SendAsync("""21["text","\ud800"]""");

        // The barrier's answer comes next: no acknowledgement was sent before it.
        await client.SyncAsync();
        await server.Logs.WaitForAsync("ArgumentsRejected");
        Assert.True(server.Sockets[mainSid].Socket.Connected);
        Assert.False(chatDisconnected);
        await other.SendAsync("""22["text","fine"]""");
        Assert.Equal("""32["read"]""", await other.ReceiveAsync());
        Assert.True(otherSocket.Connected);
    }

    [Fact]
    public async Task TryGet_ArgumentsThatDoNotFit_FalseSoTheHandlerCanAnswer()
    {
        var results = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On("e", async e =>
        {
            var text = e.TryGet<string>(0, out var surrogate);
            var count = e.TryGet<int>(1, out _);
            var missing = e.TryGet<string>(5, out var none);
            var negative = e.TryGet<string>(-1, out _);
            var chat = e.TryGet<ChatMessage>(2, out var message);
            results.TrySetResult($"{text} {surrogate is null} {count} {missing} {none is null} {negative} {chat} {message?.User}");
            if (!text)
            {
                await e.AckAsync("argument 0 must be a string");
            }
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""27["e","\ud800","x",{"user":"ann","text":"hi"}]""");

        Assert.Equal("False True False False True False True ann", await results.Task.DefaultTimeout());
        Assert.Equal("""37["argument 0 must be a string"]""", await client.ReceiveAsync());
        Assert.DoesNotContain(server.Logs.Entries, static entry => entry.EventId.Name is "ArgumentsRejected" or "HandlerFailed");
    }

    /// <summary>An argument the handler reads itself, raw, and fails on is the handler's bug: logged as such.</summary>
    [Fact]
    public async Task RawArgumentReadByHandler_FailureIsTheHandlers()
    {
        await using var server = await StartAsync(socket => socket.On("e", static e =>
        {
            _ = e[0].GetString();
            return default;
        }));
        server.ErrorsExpected = true;
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["e","\ud800"]""");

        var logged = await server.Logs.WaitForAsync("HandlerFailed");
        Assert.IsType<InvalidOperationException>(logged.Exception);
        await client.SyncAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task Get_ArgumentDoesNotFit_JsonExceptionNamingTheArgument()
    {
        var received = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(socket => socket.On("e", e =>
        {
            received.TrySetResult(Record.Exception(() => e.Get<string>(1)));
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["e",1,"\ud800"]""");

        var exception = Assert.IsAssignableFrom<JsonException>(await received.Task.DefaultTimeout());
        Assert.StartsWith("argument 1 does not fit String", exception.Message);
        Assert.IsType<JsonException>(exception.InnerException);
    }

    private static ValueTask Handled(ref int handled)
    {
        Interlocked.Increment(ref handled);
        return default;
    }

    private static Task<SocketIoTestServer> StartAsync(Action<SocketIoSocket> onConnection) =>
        SocketIoTestServer.StartAsync(
            io => io.Sockets.OnConnection(socket =>
            {
                onConnection(socket);
                return default;
            }),
            options: TestJsonContext.Configure);
}
