using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// Found by fuzz/ (issue 17): an object whose property name escapes into no valid text (a lone surrogate such as
/// <c>{"\ud800\ud800\ud800":1}</c>) made the placeholder check throw, so a binary event carrying one failed the Engine.IO handler: a HandlerFailed error with a
/// stack trace and a transport-error close. It is now a malformed packet, closed as a parse error like the others.
/// </summary>
public sealed class UnreadablePropertyNameTests
{
    [Fact]
    public async Task BinaryEvent_ObjectWithALoneSurrogateName_ClosedWithParseErrorAndNoHandlerFailure()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync("""51-["e",{"_placeholder":true,"num":0},{"\ud800\ud800\ud800":1}]""");
        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Empty(await client.AssertClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        Assert.DoesNotContain(server.Logs.Entries, entry => entry.EventId.Name == "HandlerFailed");
    }

    [Fact]
    public async Task Event_ObjectWithALoneSurrogateName_ReadAsAnArgumentThatIsNotBinary()
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            seen.TrySetResult($"{e.Count} {e.IsBinary(0)} {e[0].GetRawText()}");
            return default;
        });

        await client.SendAsync("""2["e",{"\ud800\ud800\ud800":1}]""");

        Assert.Equal("""1 False {"\ud800\ud800\ud800":1}""", await seen.Task.DefaultTimeout());
    }
}
