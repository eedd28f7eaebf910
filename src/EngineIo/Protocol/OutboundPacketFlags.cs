namespace EngineIo.Protocol;

/// <summary>How a queued packet goes out, and what may be done with it while it waits.</summary>
[Flags]
internal enum OutboundPacketFlags : byte
{
    None = 0,

    /// <summary>Raw bytes (a binary message), not a type digit and text.</summary>
    Binary = 1,

    /// <summary>Sent uncompressed even when the WebSocket negotiated permessage-deflate.</summary>
    DisableCompression = 2,

    /// <summary>
    /// May be dropped while it waits, to make room for a packet that may not: the first packet of a volatile group
    /// (a message alone, or a text and its attachments), which is dropped whole, or not at all.
    /// </summary>
    Volatile = 4,

    /// <summary>
    /// A later packet of a volatile group: dropped with the packet that starts its group, and only then, since a writer
    /// may already have sent that one.
    /// </summary>
    VolatileContinuation = 8,
}
