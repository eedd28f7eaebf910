namespace EngineIo.Protocol;

/// <summary>
/// A packet waiting in a session's outbound queue. <see cref="Data"/> is owned by the sender and must not change
/// after it is queued, which lets a broadcast hand the same bytes to every session.
/// </summary>
internal readonly struct OutboundPacket(EnginePacketType type, ReadOnlyMemory<byte> data, bool isBinary, bool disableCompression = false)
{
    public EnginePacketType Type { get; } = type;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public bool IsBinary { get; } = isBinary;

    /// <summary>Sent uncompressed even when the WebSocket negotiated permessage-deflate.</summary>
    public bool DisableCompression { get; } = disableCompression;

    public static OutboundPacket Control(EnginePacketType type) => new(type, ReadOnlyMemory<byte>.Empty, isBinary: false);

    /// <summary>Length of this packet in a WebSocket frame: the type digit and the data, or the raw bytes if binary.</summary>
    public int WebSocketLength => IsBinary ? Data.Length : 1 + Data.Length;
}
