using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Middleware;

/// <summary>
/// Connection middleware: server-wide first, then the namespace's, each in the order added, all before the CONNECT
/// answer. A <see cref="SocketIoConnectException"/> refuses with CONNECT_ERROR <c>{"message","data"}</c>; any other
/// exception refuses with a generic message and stays in the log.
/// </summary>
public sealed class MiddlewareTests
{
    [Fact]
    public async Task Use_ServerThenNamespace_RunInOrderAddedBeforeConnectionHandlers()
    {
        var calls = new ConcurrentQueue<string>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            var chat = io.Of("/chat");
            chat.Use(Step(calls, "chat 1"));
            io.Use(Step(calls, "server 1"));
            chat.Use(async socket =>
            {
                await Task.Yield();
                calls.Enqueue("chat 2 (async)");
            });
            io.Use(Step(calls, "server 2"));
            chat.OnConnection(socket =>
            {
                calls.Enqueue("connection");
                connected.TrySetResult();
                return default;
            });
        });
        var client = await server.ConnectAsync();

        await client.ConnectNamespaceAsync("/chat");
        await connected.Task.DefaultTimeout();

        Assert.Equal(["server 1", "server 2", "chat 1", "chat 2 (async)", "connection"], calls);
    }

    [Fact]
    public async Task Use_NamespaceMiddleware_NotRunForOtherNamespaces()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Use(Step(calls, "server"));
            io.Of("/chat").Use(Step(calls, "chat"));
        });
        var client = await server.ConnectAsync();

        await client.ConnectNamespaceAsync("/");

        Assert.Equal(["server"], calls);
    }

    [Fact]
    public async Task Use_Middleware_SeesTheSocketBeforeItIsConnected()
    {
        bool? connectedInMiddleware = null;
        await using var server = await SocketIoTestServer.StartAsync(io => io.Use(socket =>
        {
            connectedInMiddleware = socket.Connected;
            socket.Data = "from middleware";
            return default;
        }));

        var (_, socket) = await server.ConnectSocketAsync();

        Assert.False(connectedInMiddleware);
        Assert.Equal("from middleware", socket.Data);
    }

    [Theory]
    [InlineData("/", """4{"message":"not authorized"}""")]
    [InlineData("/chat", """4/chat,{"message":"not authorized"}""")]
    public async Task ConnectException_Message_ConnectErrorWithMessage(string nsp, string expected)
    {
        var connected = false;
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Of(nsp).Use(static _ => throw new SocketIoConnectException("not authorized"));
            io.Of(nsp).OnConnection(_ =>
            {
                connected = true;
                return default;
            });
        });
        var client = await server.ConnectAsync();

        await client.SendAsync("0" + SocketIoTestClient.NamespacePrefix(nsp));

        Assert.Equal(expected, await client.ReceiveAsync());
        Assert.False(connected);
        Assert.Empty(server.Io.Of(nsp).Sockets);
    }

    [Fact]
    public async Task ConnectException_MessageAndData_ConnectErrorWithBoth()
    {
        var data = JsonDocument.Parse("""{"reason":"x","n":1}""").RootElement;
        await using var server = await SocketIoTestServer.StartAsync(io => io.Use(_ => throw new SocketIoConnectException("not authorized", data)));
        var client = await server.ConnectAsync();

        await client.SendAsync("0");

        Assert.Equal("""4{"message":"not authorized","data":{"reason":"x","n":1}}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task ConnectException_LaterMiddlewareNotRun_ConnectionStaysOpen()
    {
        var calls = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Of("/private").Use(static _ => throw new SocketIoConnectException("no"));
            io.Of("/private").Use(Step(calls, "after refusal"));
        });
        var client = await server.ConnectAsync();

        await client.SendAsync("0/private,");

        Assert.Equal("""4/private,{"message":"no"}""", await client.ReceiveAsync());
        Assert.Empty(calls);
        // Refused from one namespace, the client may still join another, or retry.
        await client.ConnectNamespaceAsync("/");
    }

    [Fact]
    public async Task OtherException_InternalServerErrorWithoutItsMessage_Logged()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/chat").Use(static _ => throw new InvalidOperationException("secret connection string")));
        server.ErrorsExpected = true;
        var client = await server.ConnectAsync();

        await client.SendAsync("0/chat,");

        var answer = await client.ReceiveAsync();
        Assert.Equal("""4/chat,{"message":"Internal server error"}""", answer);
        Assert.DoesNotContain("secret", answer, StringComparison.Ordinal);
        var logged = await server.Logs.WaitForAsync("MiddlewareFailed");
        Assert.Equal("secret connection string", Assert.IsType<InvalidOperationException>(logged.Exception).Message);
        Assert.Empty(server.Io.Of("/chat").Sockets);
    }

    private static SocketIoMiddleware Step(ConcurrentQueue<string> calls, string name) => _ =>
    {
        calls.Enqueue(name);
        return default;
    };
}
