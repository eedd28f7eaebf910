using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Rooms;

/// <summary>
/// Broadcast selection: rooms (a union, each socket once), exceptions, socket ids as rooms, the sender left out of
/// its own broadcasts, and volatile packets skipped for connections not ready to write.
/// </summary>
public sealed class BroadcastTests
{
    [Fact]
    public async Task To_Room_OnlyMembersReceive()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        socketA.Join("r");
        socketB.Join("r");

        await server.Io.To("r").EmitAsync("e", 1);

        Assert.Equal("""2["e",1]""", await a.ReceiveAsync());
        Assert.Equal("""2["e",1]""", await b.ReceiveAsync());
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task To_SeveralRooms_SocketInManyReceivesOnce()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        socketA.Join(["r1", "r2"]);
        socketB.Join("r2");

        await server.Io.To("r1").In("r2").To("r1").EmitAsync("e");

        Assert.Equal("""2["e"]""", await a.ReceiveAsync());
        await a.AssertNothingReceivedAsync();
        Assert.Equal("""2["e"]""", await b.ReceiveAsync());
        await b.AssertNothingReceivedAsync();
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Except_Room_ItsMembersLeftOut()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();
        socketA.Join(["r", "x"]);
        socketB.Join("r");

        await server.Io.Except("x").EmitAsync("all but x");
        await server.Io.To("r").Except("x").EmitAsync("r but x");

        await a.AssertNothingReceivedAsync();
        Assert.Equal("""2["all but x"]""", await b.ReceiveAsync());
        Assert.Equal("""2["r but x"]""", await b.ReceiveAsync());
        Assert.Equal("""2["all but x"]""", await c.ReceiveAsync());
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task SocketId_IsARoomOfOne()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, _) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();

        await server.Io.To(socketB.Id).EmitAsync("only b");
        await server.Io.Except(socketB.Id).EmitAsync("all but b");

        Assert.Equal("""2["all but b"]""", await a.ReceiveAsync());
        Assert.Equal("""2["only b"]""", await b.ReceiveAsync());
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task SocketBroadcast_EveryoneButTheSender()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();
        var (c, _) = await server.ConnectSocketAsync();

        await socketA.Broadcast.EmitAsync("news");

        await a.AssertNothingReceivedAsync();
        Assert.Equal("""2["news"]""", await b.ReceiveAsync());
        Assert.Equal("""2["news"]""", await c.ReceiveAsync());
    }

    [Fact]
    public async Task SocketTo_RoomTheSenderIsIn_SenderStillLeftOut()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, socketA) = await server.ConnectSocketAsync();
        var (b, socketB) = await server.ConnectSocketAsync();
        var (c, socketC) = await server.ConnectSocketAsync();
        socketA.Join("r");
        socketB.Join("r");
        socketC.Join("x");

        await socketA.To("r").EmitAsync("to r");
        await socketA.Except("x").EmitAsync("not x");

        await a.AssertNothingReceivedAsync();
        Assert.Equal("""2["to r"]""", await b.ReceiveAsync());
        Assert.Equal("""2["not x"]""", await b.ReceiveAsync());
        await c.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task NamespaceEmit_EverySocketOfThatNamespaceOnly()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (main, _) = await server.ConnectSocketAsync();
        var (chat, _) = await server.ConnectSocketAsync("/chat");

        await server.Io.Of("/chat").EmitAsync("hello", "chat");
        await server.Io.EmitAsync("hello", "main");

        Assert.Equal("""2/chat,["hello","chat"]""", await chat.ReceiveAsync());
        Assert.Equal("""2["hello","main"]""", await main.ReceiveAsync());
        await chat.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task Broadcast_ByteArray_SameBinaryFramesToEveryTarget()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (a, _) = await server.ConnectSocketAsync();
        var (b, _) = await server.ConnectSocketAsync();

        await server.Io.EmitAsync("bin", new byte[] { 1, 2 });

        foreach (var client in new[] { a, b })
        {
            Assert.Equal("""51-["bin",{"_placeholder":true,"num":0}]""", await client.ReceiveAsync());
            Assert.Equal([1, 2], await client.ReceiveBinaryAsync());
        }
    }

    /// <summary>
    /// A polling connection with no poll pending and a packet already queued (the CONNECT answer, not yet collected)
    /// is not writable: a volatile broadcast skips it, a regular one queues behind the answer.
    /// </summary>
    [Fact]
    public async Task Volatile_ConnectionNotWritable_PacketSkipped()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var polling = await PollingTestClient.OpenAsync(server.Client);
        await polling.SendAsync("0");
        var (webSocket, _) = await server.ConnectSocketAsync();

        await server.Io.Sockets.Volatile.EmitAsync("volatile");
        await server.Io.EmitAsync("regular");

        var packets = await polling.PollAsync();
        Assert.Equal(2, packets.Length);
        Assert.StartsWith("40{\"sid\":", packets[0]);
        Assert.Equal("""42["regular"]""", packets[1]);
        Assert.Equal("""2["volatile"]""", await webSocket.ReceiveAsync());
        Assert.Equal("""2["regular"]""", await webSocket.ReceiveAsync());
    }
}
