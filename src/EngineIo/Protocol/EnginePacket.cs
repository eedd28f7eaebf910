namespace EngineIo.Protocol;

/// <summary>
/// One decoded Engine.IO packet. <see cref="Data"/> borrows the buffer it was read from and is valid only until that
/// buffer is released, which is why the packet is a struct that is never stored.
/// </summary>
internal readonly struct EnginePacket(EnginePacketType type, ReadOnlyMemory<byte> data, bool isBinary)
{
    public EnginePacketType Type { get; } = type;

    /// <summary>The payload after the type digit (text) or the raw bytes (binary message).</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>True only for binary messages, which carry no type digit on the wire.</summary>
    public bool IsBinary { get; } = isBinary;

    public static EnginePacket BinaryMessage(ReadOnlyMemory<byte> data) => new(EnginePacketType.Message, data, isBinary: true);
}
