using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// Over long-polling, each attachment is its own Engine.IO packet in the payload, <c>b</c> + base64, right after
/// the packet that announces it.
/// </summary>
public sealed class PollingBinaryTests
{
    [Fact]
    public async Task ServerEmitsBytes_AttachmentFollowsAsBase64Packet()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var polling = await PollingTestClient.OpenAsync(server.Client);
        await polling.SendAsync("0");
        var connect = Assert.Single(await polling.PollAsync());
        var sid = System.Text.Json.JsonDocument.Parse(connect.AsMemory(2)).RootElement.GetProperty("sid").GetString()!;

        await server.Sockets[sid].Socket.EmitAsync("file", new byte[] { 1, 2 }, "x");

        Assert.Equal(["""451-["file",{"_placeholder":true,"num":0},"x"]""", "bAQI="], await polling.PollAsync());
    }

    [Fact]
    public async Task ClientSendsBytes_Base64AttachmentReachesTheHandler()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(io => io.Sockets.OnConnection(socket =>
        {
            socket.On("upload", e =>
            {
                received.TrySetResult(Convert.ToHexString(e.GetBinary(0).Span));
                return default;
            });
            return default;
        }));
        var polling = await PollingTestClient.OpenAsync(server.Client);
        await polling.SendAsync("0");
        Assert.Single(await polling.PollAsync());

        await polling.PostAsync("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");

        Assert.Equal("010203", await received.Task.DefaultTimeout());
    }
}
