using System.Net.WebSockets;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Transports;

/// <summary>permessage-deflate: negotiated only when the server allows it and the client offers it.</summary>
public sealed class PerMessageDeflateTests
{
    private static void OfferDeflate(ClientWebSocketOptions options) =>
        options.DangerousDeflateOptions = new WebSocketDeflateOptions { ClientMaxWindowBits = 15, ServerMaxWindowBits = 15 };

    [Fact]
    public async Task Handshake_DeflateOffered_NotNegotiatedByDefault()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        var socket = await server.ConnectWebSocketAsync(configure: OfferDeflate);

        Assert.False(socket.Socket.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50_000)]
    public async Task Echo_DeflateEnabled_NegotiatedAndMessagesRoundTrip(int length)
    {
        await using var server = await EngineIoTestServer.StartAsync(options =>
        {
            options.PerMessageDeflate = true;
            options.PerMessageDeflateThreshold = 1024;
        });
        server.Handler.Echo = true;

        var socket = await server.ConnectWebSocketAsync(configure: OfferDeflate);
        Assert.Contains("permessage-deflate", string.Join(",", socket.Socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]), StringComparison.Ordinal);
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);

        // Repetitive text compresses well, so both the compressed (above the threshold) and the plain path run.
        var text = "4" + new string('x', length);
        await socket.SendTextAsync(text);

        Assert.Equal(text, await socket.ReceiveTextAsync());
    }
}
