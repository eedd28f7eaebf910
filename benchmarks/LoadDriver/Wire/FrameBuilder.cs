namespace LoadDriver.Wire;

/// <summary>
/// A reusable buffer for a text (or binary) frame whose payload changes per send (an ack id, a sequence number): the payload is
/// written in place after room for the longest header, and the header is put right in front of it.
/// </summary>
internal sealed class FrameBuilder(int maxPayloadLength)
{
    private readonly byte[] _buffer = new byte[ClientFrames.MaxHeaderLength + maxPayloadLength];

    public Span<byte> Payload => _buffer.AsSpan(ClientFrames.MaxHeaderLength);

    public ReadOnlyMemory<byte> Complete(int payloadLength, bool binary = false)
    {
        var start = binary
            ? ClientFrames.WriteBinaryHeader(_buffer, ClientFrames.MaxHeaderLength, payloadLength)
            : ClientFrames.WriteTextHeader(_buffer, ClientFrames.MaxHeaderLength, payloadLength);
        return _buffer.AsMemory(start, ClientFrames.MaxHeaderLength - start + payloadLength);
    }
}
