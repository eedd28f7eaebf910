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
}
