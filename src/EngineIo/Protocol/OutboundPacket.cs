namespace EngineIo.Protocol;

/// <summary>
/// A packet waiting in a session's outbound queue. <see cref="Data"/> is owned by the sender and must not change
/// after it is queued, which lets a broadcast hand the same bytes to every session.
/// </summary>
internal readonly struct OutboundPacket(EnginePacketType type, ReadOnlyMemory<byte> data, OutboundPacketFlags flags)
{
    public OutboundPacket(EnginePacketType type, ReadOnlyMemory<byte> data, bool isBinary)
        : this(type, data, isBinary ? OutboundPacketFlags.Binary : OutboundPacketFlags.None)
    {
    }

    public EnginePacketType Type { get; } = type;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public OutboundPacketFlags Flags { get; } = flags;

    public bool IsBinary => (Flags & OutboundPacketFlags.Binary) != 0;

    /// <summary>Sent uncompressed even when the WebSocket negotiated permessage-deflate.</summary>
    public bool DisableCompression => (Flags & OutboundPacketFlags.DisableCompression) != 0;

    /// <summary>Starts a volatile group, which may be dropped whole while it waits.</summary>
    public bool IsVolatile => (Flags & OutboundPacketFlags.Volatile) != 0;

    /// <summary>Belongs to the volatile group of a packet queued before it.</summary>
    public bool IsVolatileContinuation => (Flags & OutboundPacketFlags.VolatileContinuation) != 0;

    /// <summary>What the packet holds in memory while it waits, as the outbound byte bound counts it: its payload.</summary>
    public int BufferedLength => Data.Length;

    public static OutboundPacket Control(EnginePacketType type) => new(type, ReadOnlyMemory<byte>.Empty, OutboundPacketFlags.None);

    /// <summary>Length of this packet in a WebSocket frame: the type digit and the data, or the raw bytes if binary.</summary>
    public int WebSocketLength => IsBinary ? Data.Length : 1 + Data.Length;
}
