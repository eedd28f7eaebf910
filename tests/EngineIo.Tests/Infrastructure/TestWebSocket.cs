using System.Net.WebSockets;
using System.Text;

namespace EngineIo.Tests.Infrastructure;

/// <summary>A raw <see cref="ClientWebSocket"/> speaking Engine.IO frames, one message per call.</summary>
public sealed class TestWebSocket : IDisposable
{
    public TestWebSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    public Task SendBinaryAsync(byte[] data) =>
        Socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    /// <summary>Receives one whole message, or the close frame.</summary>
    public Task<WebSocketFrame> ReceiveAsync() => ReceiveCoreAsync().DefaultTimeout();

    /// <summary>Receives one message and checks that it is a text frame.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        var frame = await ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Text, frame.Type);
        return frame.Text;
    }

    /// <summary>Receives the next frame and checks that it is the server's close frame; returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        var frame = await ReceiveAsync();
        Assert.True(frame.Type == WebSocketMessageType.Close, $"Expected a close frame, got {frame.Type} \"{frame.Text}\".");
        return frame.CloseStatus;
    }

    /// <summary>
    /// Receives the server's close frame and checks that it carries no error: the reference sends one without a status
    /// code, which <see cref="ClientWebSocket"/> reports as <see cref="WebSocketCloseStatus.NormalClosure"/>.
    /// </summary>
    public async Task ReceiveCloseWithoutErrorAsync() => Assert.Equal(WebSocketCloseStatus.NormalClosure, await ReceiveCloseAsync());

    /// <summary>Waits until the server ends the WebSocket, by a close frame or by dropping the connection.</summary>
    public async Task ReceiveEndAsync()
    {
        try
        {
            var frame = await ReceiveAsync();
            Assert.True(frame.Type == WebSocketMessageType.Close, $"Expected the WebSocket to end, got {frame.Type} \"{frame.Text}\".");
        }
        catch (WebSocketException)
        {
        }
    }

    /// <summary>Completes the closing handshake from our side.</summary>
    public Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure) =>
        Socket.CloseAsync(status, null, CancellationToken.None).DefaultTimeout();

    private async Task<WebSocketFrame> ReceiveCoreAsync()
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new WebSocketFrame(WebSocketMessageType.Close, [], result.CloseStatus);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new WebSocketFrame(result.MessageType, message.ToArray(), null);
            }
        }
    }

    public void Dispose()
    {
        Socket.Abort();
        Socket.Dispose();
    }
}

/// <summary>One received WebSocket message.</summary>
public sealed record WebSocketFrame(WebSocketMessageType Type, byte[] Data, WebSocketCloseStatus? CloseStatus)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
