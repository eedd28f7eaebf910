using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Acks;

/// <summary>
/// <see cref="SocketIoSocket.EmitWithAckAsync(string, TimeSpan, object?[])"/>: the server sends <c>2&lt;id&gt;[…]</c>
/// with a per-namespace id counting from 0, and completes with the client's <c>3&lt;id&gt;[…]</c>; or fails on timeout,
/// disconnect or cancellation.
/// </summary>
public sealed class ServerAckTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task EmitWithAckAsync_ClientAnswers_CompletesWithTheAnswer()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        var pending = socket.EmitWithAckAsync("question", _timeout, 1, "two");
        Assert.Equal("""20["question",1,"two"]""", await client.ReceiveAsync());
        await client.SendAsync("""30["yes",{"b":2}]""");

        var response = await pending.DefaultTimeout();
        Assert.Equal(socket.Id, response.SocketId);
        Assert.Equal(2, response.Count);
        Assert.Equal("yes", response.Get<string>(0));
        Assert.Equal("""{"b":2}""", response[1].GetRawText());
    }

    [Fact]
    public async Task EmitWithAckAsync_AckIds_CountPerNamespaceAcrossSockets()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (first, firstSocket) = await server.ConnectSocketAsync();
        var (second, secondSocket) = await server.ConnectSocketAsync();
        var (chat, chatSocket) = await server.ConnectSocketAsync("/chat");

        _ = firstSocket.EmitWithAckAsync("a", _timeout);
        _ = firstSocket.EmitWithAckAsync("b", _timeout);
        _ = secondSocket.EmitWithAckAsync("c", _timeout);
        _ = chatSocket.EmitWithAckAsync("d", _timeout);

        Assert.Equal("""20["a"]""", await first.ReceiveAsync());
        Assert.Equal("""21["b"]""", await first.ReceiveAsync());
        Assert.Equal("""22["c"]""", await second.ReceiveAsync());
        Assert.Equal("""2/chat,0["d"]""", await chat.ReceiveAsync());
    }

    [Fact]
    public async Task EmitWithAckAsync_CustomNamespace_AnswerMatchedInItsNamespace()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (client, socket) = await server.ConnectSocketAsync("/chat");

        var pending = socket.EmitWithAckAsync("q", _timeout);
        Assert.Equal("""2/chat,0["q"]""", await client.ReceiveAsync());
        await client.SendAsync("3/chat,0[]");

        Assert.Equal(0, (await pending.DefaultTimeout()).Count);
    }

    [Fact]
    public async Task EmitWithAckAsync_NoAnswerInTime_TimeoutExceptionAndLateAnswerIgnored()
    {
        var time = new TestTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(timeProvider: time);
        var (client, socket) = await server.ConnectSocketAsync();

        var pending = socket.EmitWithAckAsync("q", _timeout);
        Assert.Equal("""20["q"]""", await client.ReceiveAsync());
        time.Advance(_timeout - _tick);
        Assert.False(pending.IsCompleted);
        time.Advance(_tick);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => pending.DefaultTimeout());
        Assert.Equal("operation has timed out", error.Message);
        await client.SendAsync("30[1]");
        await client.AssertNothingReceivedAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task EmitWithAckAsync_ClientLeavesNamespace_DisconnectedExceptionAtOnce()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        // No timeout at all: only the disconnect can end the wait.
        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan);
        Assert.Equal("""20["q"]""", await client.ReceiveAsync());

        await client.SendAsync("1");

        await Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.DefaultTimeout());
    }

    [Fact]
    public async Task EmitWithAckAsync_ConnectionDrops_DisconnectedException()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan);
        Assert.Equal("""20["q"]""", await client.ReceiveAsync());

        client.Abort();

        await Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.DefaultTimeout());
    }

    [Fact]
    public async Task EmitWithAckAsync_SocketAlreadyDisconnected_DisconnectedException()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        await client.SendAsync("1");
        await server.Sockets[socket.Id].DisconnectedAsync();

        await Assert.ThrowsAsync<SocketIoDisconnectedException>(() => socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan).DefaultTimeout());
    }

    [Fact]
    public async Task EmitWithAckAsync_Cancelled_CanceledAndLateAnswerIgnored()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        using var cancellation = new CancellationTokenSource();
        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan, cancellation.Token);
        Assert.Equal("""20["q"]""", await client.ReceiveAsync());

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.DefaultTimeout());
        Assert.Equal(cancellation.Token, error.CancellationToken);
        await client.SendAsync("30[1]");
        await client.AssertNothingReceivedAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task EmitWithAckAsync_InsideHandler_AwaitsItsOwnClientsAnswer()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("start", static async e =>
        {
            var answer = await e.Socket.EmitWithAckAsync("confirm", Timeout.InfiniteTimeSpan);
            await e.AckAsync("confirmed: " + answer.Get<string>(0));
        });

        await client.SendAsync("""29["start"]""");
        Assert.Equal("""20["confirm"]""", await client.ReceiveAsync());
        await client.SendAsync("""30["yes"]""");

        Assert.Equal("""39["confirmed: yes"]""", await client.ReceiveAsync());
    }
}
