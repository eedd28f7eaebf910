using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Acks;

/// <summary>
/// The client asks for an acknowledgement (<c>2&lt;id&gt;[…]</c>); <see cref="SocketIoEvent.AckAsync"/> answers
/// <c>3&lt;id&gt;[args]</c> with the id copied back, once.
/// </summary>
public sealed class ClientAckTests
{
    [Fact]
    public async Task AckAsync_ClientAsked_AckWithSameIdAndArguments()
    {
        bool? hasAck = null;
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("q", e =>
        {
            hasAck = e.HasAck;
            return e.AckAsync("x", JsonDocument.Parse("""{"y":null}""").RootElement, 3);
        });

        await client.SendAsync("""212["q","ignored"]""");

        Assert.Equal("""312["x",{"y":null},3]""", await client.ReceiveAsync());
        Assert.True(hasAck);
    }

    [Fact]
    public async Task AckAsync_NoArguments_EmptyArray()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("q", static e => e.AckAsync());

        await client.SendAsync("""2456["q"]""");

        Assert.Equal("3456[]", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AckAsync_CustomNamespace_NamespaceBeforeId()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat").OnConnection(static socket =>
        {
            socket.On("q", static e => e.AckAsync(e.Get<int>(0) + 1));
            return default;
        }));
        var (client, _) = await server.ConnectSocketAsync("/chat");

        await client.SendAsync("""2/chat,7["q",1]""");

        Assert.Equal("3/chat,7[2]", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AckAsync_CalledTwice_OnlyFirstSent()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("q", static async e =>
        {
            await e.AckAsync(1);
            await e.AckAsync(2);
        });

        await client.SendAsync("""214["q"]""");

        Assert.Equal("314[1]", await client.ReceiveAsync());
        await client.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task AckAsync_ClientDidNotAsk_NothingSent()
    {
        bool? hasAck = null;
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("q", e =>
        {
            hasAck = e.HasAck;
            return e.AckAsync("unwanted");
        });

        await client.SendAsync("""2["q"]""");
        await client.AssertNothingReceivedAsync();

        Assert.False(hasAck);
    }

    [Fact]
    public async Task AckAsync_AfterHandlerAwaited_StillSent()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("q", static async e =>
        {
            var text = e.Get<string>(0);
            await Task.Yield();
            await e.AckAsync(text + " later");
        });

        await client.SendAsync("""23["q","answer"]""");

        Assert.Equal("""33["answer later"]""", await client.ReceiveAsync());
    }
}
