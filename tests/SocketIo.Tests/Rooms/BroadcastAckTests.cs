using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Rooms;

/// <summary>
/// <see cref="SocketIoBroadcastOperator.EmitWithAckAsync"/>: one ack id for every target; the result holds every
/// answer, or at the <see cref="SocketIoBroadcastOperator.Timeout"/> the answers so far, flagged as timed out.
/// </summary>
public sealed class BroadcastAckTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task EmitWithAck_EveryTargetAnswers_AllResponses()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();

        var pending = server.Io.Sockets.Timeout(_timeout).EmitWithAckAsync("q", 1);
        Assert.Equal("""20["q",1]""", await a.ReceiveAsync());
        Assert.Equal("""20["q",1]""", await b.ReceiveAsync());
        await a.SendAsync("""30["x"]""");
        await b.SendAsync("""30["y",2]""");

        var result = await pending.DefaultTimeout();
        Assert.False(result.TimedOut);
        Assert.Equal(2, result.Expected);
        Assert.Equal(
            [(socketA.Id, """["x"]"""), (socketB.Id, """["y",2]""")],
            result.Responses.Select(static r => (r.SocketId, Json(r))).OrderBy(r => r.SocketId == socketA.Id ? 0 : 1));
    }

    [Fact]
    public async Task EmitWithAck_SomeTargetSilent_TimedOutWithPartialResponses()
    {
        var time = new TestTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(timeProvider: time);
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();

        var pending = server.Io.Sockets.Timeout(_timeout).EmitWithAckAsync("q");
        Assert.Equal("""20["q"]""", await a.ReceiveAsync());
        Assert.Equal("""20["q"]""", await b.ReceiveAsync());
        await a.SendAsync("""30["x"]""");
        await a.SyncAsync();
        Assert.False(pending.IsCompleted);
        time.Advance(_timeout);

        var result = await pending.DefaultTimeout();
        Assert.True(result.TimedOut);
        Assert.Equal(2, result.Expected);
        var response = Assert.Single(result.Responses);
        Assert.Equal(socketA.Id, response.SocketId);
        // The late answer goes nowhere and breaks nothing.
        await b.SendAsync("""30["late"]""");
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task EmitWithAck_Room_OnlyMembersAsked()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();
        socketA.Join("r");

        var pending = server.Io.To("r").Timeout(_timeout).EmitWithAckAsync("q");
        Assert.Equal("""20["q"]""", await a.ReceiveAsync());
        await a.SendAsync("30[]");

        var result = await pending.DefaultTimeout();
        Assert.Equal(1, result.Expected);
        Assert.Equal(socketA.Id, Assert.Single(result.Responses).SocketId);
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task EmitWithAck_NoTarget_CompletesEmptyAtOnce()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        await server.ConnectSocketAsync();

        var result = await server.Io.To("nobody").Timeout(_timeout).EmitWithAckAsync("q").DefaultTimeout();

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.Expected);
        Assert.Empty(result.Responses);
    }

    [Fact]
    public async Task EmitWithAck_TargetDisconnectsBeforeAnswering_NotWaitedFor()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();

        var pending = server.Io.Sockets.Timeout(Timeout.InfiniteTimeSpan).EmitWithAckAsync("q");
        Assert.Equal("""20["q"]""", await a.ReceiveAsync());
        Assert.Equal("""20["q"]""", await b.ReceiveAsync());
        await a.SendAsync("""30["x"]""");
        await b.SendAsync("1");

        var result = await pending.DefaultTimeout();
        Assert.False(result.TimedOut);
        Assert.Equal(socketA.Id, Assert.Single(result.Responses).SocketId);
    }

    [Fact]
    public async Task EmitWithAck_SharesTheNamespaceAckCounter()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();

        _ = socketA.EmitWithAckAsync("single", _timeout);
        _ = server.Io.Sockets.Timeout(_timeout).EmitWithAckAsync("broadcast");

        Assert.Equal("""20["single"]""", await a.ReceiveAsync());
        Assert.Equal("""21["broadcast"]""", await a.ReceiveAsync());
    }

    private static string Json(SocketIoArguments arguments) =>
        "[" + string.Join(",", Enumerable.Range(0, arguments.Count).Select(i => arguments[i].GetRawText())) + "]";
}
