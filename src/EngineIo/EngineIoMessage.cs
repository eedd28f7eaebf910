namespace EngineIo;

/// <summary>
/// A message: one received from a client, or one of several to send together. A received message's
/// <see cref="Data"/> lives in a pooled buffer and is valid only until the
/// handler's <see cref="IEngineIoHandler.OnMessageAsync"/> completes: copy what must outlive it.
/// </summary>
public readonly struct EngineIoMessage
{
    /// <summary>Creates a message view.</summary>
    public EngineIoMessage(ReadOnlyMemory<byte> data, bool isBinary)
    {
        Data = data;
        IsBinary = isBinary;
    }

    /// <summary>UTF-8 text, or raw bytes when <see cref="IsBinary"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>True for binary messages.</summary>
    public bool IsBinary { get; }

    /// <summary>
    /// For messages sent with <see cref="EngineIoSocket.Send(ReadOnlySpan{EngineIoMessage})"/>: go uncompressed even
    /// when the WebSocket negotiated permessage-deflate (data that is already compressed, say).
    /// </summary>
    public bool DisableCompression { get; init; }

    /// <summary>
    /// For messages sent with <see cref="EngineIoSocket.Send(ReadOnlySpan{EngineIoMessage})"/>: the message may be lost
    /// rather than buffered (fleeting state, such as a position that the next message replaces). When it would take the
    /// session beyond <see cref="EngineIoOptions.MaxBufferedBytes"/> or <see cref="EngineIoOptions.MaxBufferedPackets"/>
    /// it is dropped instead of closing the session, and while it waits it is dropped first to make room for a message
    /// that is not volatile. Messages sent together are volatile together if the first one is, and are dropped whole.
    /// </summary>
    public bool IsVolatile { get; init; }
}
