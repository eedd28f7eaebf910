namespace EngineIo.Protocol;

/// <summary>Decodes a single text packet: a WebSocket text frame, or one record of a polling payload.</summary>
internal static class EnginePacketReader
{
    /// <summary>
    /// Reads the type digit and the data that follows it. An empty packet or a digit outside 0-6 is a parse error.
    /// Data after a control packet's digit is kept and ignored, as the reference does.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> text, out EnginePacket packet)
    {
        var span = text.Span;
        if (span.IsEmpty || span[0] < (byte)EnginePacketType.Open || span[0] > (byte)EnginePacketType.Noop)
        {
            packet = default;
            return false;
        }

        packet = new EnginePacket((EnginePacketType)span[0], text[1..], isBinary: false);
        return true;
    }
}
