namespace EngineIo;

/// <summary>One Engine.IO session as the layer above sees it, whichever transport carries it.</summary>
/// <remarks>
/// Every member is safe to call from any thread. Sends never block: they queue the message for the session's
/// single writer and return. A client that does not drain its queue before it holds
/// <see cref="EngineIoOptions.MaxBufferedPackets"/> packets or <see cref="EngineIoOptions.MaxBufferedBytes"/> bytes is
/// closed rather than buffered without bound; volatile messages (<see cref="EngineIoMessage.IsVolatile"/>) are dropped
/// instead.
/// </remarks>
public abstract class EngineIoSocket
{
    private protected EngineIoSocket()
    {
    }

    /// <summary>The session id (sid) the client was given in the open packet.</summary>
    public abstract string Id { get; }

    /// <summary>The transport that currently carries the session.</summary>
    public abstract EngineIoTransports Transport { get; }

    /// <summary>
    /// The Engine.IO protocol revision the client speaks: 4, or 3 for an older client that
    /// <see cref="EngineIoOptions.AllowEio3"/> let in (socket.io-client 2.x, which speaks Socket.IO protocol v4 above it).
    /// </summary>
    public abstract int Protocol { get; }

    /// <summary>The request that opened the session, captured when it was made.</summary>
    public abstract EngineIoHandshake Handshake { get; }

    /// <summary>True until the session starts closing; sends after that are dropped.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>
    /// True if a message sent now would go out at once: the session is open and its queue is empty, with a poll
    /// waiting when it is on polling. Volatile messages (that may be dropped) are sent only then.
    /// </summary>
    public abstract bool IsWritable { get; }

    /// <summary>
    /// Payload bytes the session holds on their way out: queued, or taken by the transport and not yet written (a poll
    /// that has not been answered, a WebSocket frame the client has not read). Zero when the client has everything.
    /// </summary>
    public abstract long BufferedBytes { get; }

    /// <summary>
    /// Calls <paramref name="callback"/> once, when nothing is queued and the transport has written everything
    /// (<see cref="BufferedBytes"/> is zero): at once, on the calling thread, if that is so now; otherwise on the
    /// thread of the write that finishes last. Never called if the session closes first. Lets the layer above hold
    /// back (and replace) what it would send to a client that has fallen behind, rather than queue it.
    /// </summary>
    /// <remarks>The callback runs with no lock held and may send; it should not block.</remarks>
    public abstract void WhenDrained(Action callback);

    /// <summary>A slot for the layer above to hang its per-session state on, so that it needs no lookup table.</summary>
    public object? State { get; set; }

    /// <summary>Queues a UTF-8 text message. Returns false if the session is closed or closing.</summary>
    public abstract bool Send(ReadOnlyMemory<byte> utf8Text);

    /// <summary>Queues a binary message. Returns false if the session is closed or closing.</summary>
    public abstract bool SendBinary(ReadOnlyMemory<byte> data);

    /// <summary>
    /// Queues several messages so that no other send can come between them (a text packet and its binary
    /// attachments, for example). Returns false, having queued none, if the session is closed or closing, or if the
    /// messages are volatile and there is no room for them.
    /// </summary>
    public abstract bool Send(ReadOnlySpan<EngineIoMessage> messages);

    /// <summary>
    /// Closes the session from the server: what is queued is still delivered, then a close packet, and the handler
    /// sees <see cref="EngineIoDisconnectReason.ForcedClose"/>. Calling it again has no effect.
    /// </summary>
    public abstract void Close();
}
