namespace SocketIo.Protocol;

/// <summary>
/// One connection's packet reader: turns each message the engine hands over into a packet, and owns the binary packet
/// whose attachments are still arriving (bounded in bytes by <see cref="SocketPacketLimits.MaxAttachmentBytes"/> and in
/// time by <see cref="SocketPacketLimits.AttachmentTimeout"/>). Its owner only routes what it gives.
/// </summary>
/// <remarks>
/// A mutable struct, held in a field of its connection and used only through that field (never copied): an idle
/// connection pays for no object, and the reassembly state is made with the first binary packet. The limits and the
/// connection come with each call rather than being kept: every idle connection would hold them. The reader calls it one
/// message at a time; <see cref="Stop"/> comes once the reader is done.
/// </remarks>
internal struct SocketPacketDecoder
{
    private BinaryPacketAssembly? _assembly;

    /// <summary>Decodes a text message: a whole packet, or the header of a binary one (which then waits).</summary>
    public DecodeResult DecodeText(ReadOnlyMemory<byte> text, SocketPacketLimits limits, IAttachmentTimeoutHandler owner, out InboundPacket packet)
    {
        packet = default;
        if (!SocketPacketReader.TryReadHeader(text.Span, limits.MaxAttachments, out var header)
            || _assembly?.IsPending == true
            || !SocketPacketReader.IsPayloadValid(header, text.Span[header.PayloadStart..]))
        {
            return DecodeResult.Malformed;
        }

        if (header.Attachments > 0)
        {
            (_assembly ??= new BinaryPacketAssembly(limits, owner)).Start(header, text.Span);
            return DecodeResult.None;
        }

        packet = new InboundPacket(header, text, []);
        return DecodeResult.Packet;
    }

    /// <summary>Decodes a binary message: the next attachment of the packet in progress.</summary>
    public readonly DecodeResult DecodeAttachment(ReadOnlySpan<byte> data, out InboundPacket packet)
    {
        if (_assembly is null)
        {
            packet = default;
            return DecodeResult.Malformed;
        }

        return _assembly.Add(data, out packet);
    }

    /// <summary>The connection closed: drops the packet in progress and its timer.</summary>
    public readonly void Stop() => _assembly?.Stop();
}
