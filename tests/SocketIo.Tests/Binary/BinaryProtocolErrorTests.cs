using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// Attachments that do not match their header close the whole connection, as a decode error does in the reference:
/// binary nobody announced, more than <see cref="SocketIoOptions.MaxAttachments"/>, text before the last attachment,
/// or a placeholder pointing past the attachments.
/// </summary>
public sealed class BinaryProtocolErrorTests
{
    [Fact]
    public async Task UnannouncedBinaryFrame_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        server.ErrorsExpected = true;
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    [Fact]
    public async Task MoreAttachmentsThanMaxAttachments_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync(options: static o => o.MaxAttachments = 2);
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""53-["e",{"_placeholder":true,"num":0}]""");

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    [Fact]
    public async Task MaxAttachments_Default_TenAsInTheReference()
    {
        Assert.Equal(10, new SocketIoOptions().MaxAttachments);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""511-["e",{"_placeholder":true,"num":0}]""");

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    [Fact]
    public async Task AttachmentsUpToMaxAttachments_Accepted()
    {
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(options: static o => o.MaxAttachments = 2);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            received.TrySetResult(e.Attachments.Count);
            return default;
        });

        await client.SendAsync("""52-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""");
        await client.SendBinaryAsync([1]);
        await client.SendBinaryAsync([2]);

        Assert.Equal(2, await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task TextBeforeLastAttachment_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""52-["e",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""");
        await client.SendBinaryAsync([1]);
        await client.SendAsync("""2["e"]""");

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    /// <summary>The reference's reconstructor throws "illegal attachments" for a placeholder with no attachment.</summary>
    [Fact]
    public async Task PlaceholderBeyondAttachments_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""51-["e",{"_placeholder":true,"num":5}]""");
        await client.SendBinaryAsync([1]);

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    /// <summary>
    /// As socket.io-parser 4.2.7: a count below one ("Illegal attachments": a binary packet that announces none would
    /// collect every binary frame after it, for ever) or above the cap ("too many attachments", CVE-2026-33151) is
    /// refused on the header, before anything is kept for the attachments; binary frames after it find no packet.
    /// </summary>
    [Theory]
    [InlineData("""50-["e"]""")]
    [InlineData("""60-1[]""")]
    [InlineData("""5-["e"]""")]
    [InlineData("""5-1-["e"]""")]
    [InlineData("""500-["e"]""")]
    [InlineData("""511-["e"]""")]
    [InlineData("""54294967297-["e"]""")]
    [InlineData("""59999999999999999999-["e"]""")]
    public async Task AttachmentCountOutOfRange_ClosedWithParseErrorOnTheHeader(string packet)
    {
        var handled = false;
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(_ =>
        {
            handled = true;
            return default;
        });

        await client.SendAsync(packet);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        Assert.False(handled);
    }
}
