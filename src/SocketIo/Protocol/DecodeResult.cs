namespace SocketIo.Protocol;

/// <summary>What one Engine.IO message did to a connection's packet reader.</summary>
internal enum DecodeResult
{
    /// <summary>A whole packet, to route.</summary>
    Packet,

    /// <summary>Nothing to route: a binary packet waits for more attachments, or expired as its last one came.</summary>
    None,

    /// <summary>The message breaks the protocol (or is binary data nobody announced): a parse error.</summary>
    Malformed,

    /// <summary>The attachments of a binary packet exceed <see cref="SocketPacketLimits.MaxAttachmentBytes"/>: a parse error.</summary>
    TooLarge,
}
