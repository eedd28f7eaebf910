using System.IO.Pipelines;
using System.Net.WebSockets;

namespace EngineIo.Transports;

/// <summary>
/// The WebSocket a <see cref="WebSocketTransport"/> carries a session over. Both WebSocket paths implement it: the
/// dense one frames RFC 6455 on Kestrel's connection pipe itself (<see cref="WebSockets.PipeWebSocket"/>), the standard
/// one wraps the <see cref="WebSocket"/> that <c>HttpContext.WebSockets</c> accepts
/// (<see cref="StandardWebSocketConnection"/>). The transport knows nothing else of either.
/// </summary>
/// <remarks>
/// <para>The members mean what the <see cref="WebSocket"/> members of the same name mean, and the same concurrency rules
/// hold: one receive and one send at a time, the two possibly together; <see cref="Abort"/> from any thread;
/// <see cref="IDisposable.Dispose"/> once the last receive and send have returned.</para>
/// <para>What differs is how an idle connection waits for the client's next message. That wait is split in two, so
/// that the transport's receive loop can await the first half itself and no frame of the implementation stays alive
/// for as long as the connection idles: <see cref="WaitForInputAsync"/>, then
/// <see cref="ReceiveAsync(Memory{byte}, ReadResult, CancellationToken)"/> with what it returned.</para>
/// </remarks>
internal interface IWebSocketConnection : IDisposable
{
    WebSocketState State { get; }

    /// <summary>The status of the client's close frame, once one has arrived.</summary>
    WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>
    /// Waits, between messages, until the client's next bytes arrive, holding no buffer. The read it returns is opaque to
    /// the caller, who hands it unchanged to <see cref="ReceiveAsync(Memory{byte}, ReadResult, CancellationToken)"/>;
    /// an implementation without a pipe of its own completes at once and waits in that receive instead.
    /// </summary>
    ValueTask<ReadResult> WaitForInputAsync();

    /// <summary>Receives as <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/> does, starting from what <see cref="WaitForInputAsync"/> returned.</summary>
    ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, ReadResult input, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the next piece of the current message. An empty <paramref name="buffer"/> waits for the next data frame
    /// holding no buffer and returns its type, consuming none of its payload.
    /// </summary>
    ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one whole message: <paramref name="prefix"/>, if there is one, then <paramref name="data"/> (an Engine.IO
    /// packet's type byte and its data, which would otherwise have to be copied into one buffer). With
    /// <paramref name="flush"/> false, a connection that writes into a buffer of its own (the dense path's pipe) leaves
    /// the message there until a later flush, so that what a writer finds queued together leaves in one send; one that
    /// cannot hold messages back sends each at once.
    /// </summary>
    ValueTask SendMessageAsync(byte? prefix, ReadOnlyMemory<byte> data, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, bool flush);

    /// <summary>Sends what <see cref="SendMessageAsync"/> left written but not flushed; completes when the send has.</summary>
    ValueTask FlushAsync();

    /// <summary>Sends our close frame without waiting for the client's.</summary>
    Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken);

    /// <summary>Drops the connection at once; a pending receive or send ends with an exception.</summary>
    void Abort();
}
