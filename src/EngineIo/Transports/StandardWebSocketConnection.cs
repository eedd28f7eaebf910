using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Transports;

/// <summary>
/// The standard WebSocket path: the <see cref="WebSocket"/> that ASP.NET Core accepts on an HTTP request, as a
/// <see cref="WebSocketTransport"/> sees it. Every call goes straight to that socket.
/// </summary>
internal sealed class StandardWebSocketConnection : IWebSocketConnection
{
    private readonly WebSocket _socket;

    private StandardWebSocketConnection(WebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Accepts the request's WebSocket, with per-message deflate if the options allow it.</summary>
    public static async Task<IWebSocketConnection> AcceptAsync(HttpContext context, bool enableCompression)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = enableCompression,
            // Engine.IO has its own heartbeat; WebSocket-level pings would cost a timer per connection for nothing.
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
        });
        return new StandardWebSocketConnection(socket);
    }

    /// <summary>There is no pipe to wait on: the zero-byte receive that follows does the waiting.</summary>
    public ValueTask<ReadResult> WaitForInputAsync() => default;

    public ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, ReadResult input, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, cancellationToken);

    public ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, cancellationToken);

    public ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        _socket.SendAsync(buffer, messageType, messageFlags, cancellationToken);

    /// <summary>
    /// Sends at once whatever <paramref name="flush"/> says: ASP.NET Core's WebSocket writes each frame to the upgraded
    /// request's stream, whose every write Kestrel flushes, and has no way to hold frames back.
    /// </summary>
    public ValueTask SendMessageAsync(byte? prefix, ReadOnlyMemory<byte> data, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, bool flush) =>
        prefix is { } first
            ? SendPrefixedAsync(first, data, messageType, messageFlags)
            : _socket.SendAsync(data, messageType, messageFlags, CancellationToken.None);

    /// <summary>One message is one frame here, so the prefix and the data go out from one pooled buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendPrefixedAsync(byte prefix, ReadOnlyMemory<byte> data, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags)
    {
        var length = 1 + data.Length;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame[0] = prefix;
            data.Span.CopyTo(frame.AsSpan(1));
            await _socket.SendAsync(frame.AsMemory(0, length), messageType, messageFlags, CancellationToken.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Nothing is ever held back (see <see cref="SendMessageAsync"/>).</summary>
    public ValueTask FlushAsync() => default;

    public Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _socket.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}
