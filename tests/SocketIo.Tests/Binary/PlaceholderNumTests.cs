using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// Found by fuzz/ (issue 17): a placeholder whose <c>num</c> is not a number (<c>"0"</c>, an object) made the placeholder
/// check throw, which failed the Engine.IO handler (a HandlerFailed error with a stack trace, a transport-error close).
/// It is a malformed packet, closed as a parse error like a placeholder pointing past the attachments.
/// </summary>
public sealed class PlaceholderNumTests
{
    [Theory]
    [InlineData("\"0\"")]
    [InlineData("{\"n\":0}")]
    [InlineData("null")]
    public async Task BinaryEvent_PlaceholderNumNotANumber_ClosedWithParseErrorAndNoHandlerFailure(string num)
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync($$"""51-["e",{"_placeholder":true,"num":{{num}}}]""");
        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        Assert.DoesNotContain(server.Logs.Entries, entry => entry.EventId.Name == "HandlerFailed");
    }
}
