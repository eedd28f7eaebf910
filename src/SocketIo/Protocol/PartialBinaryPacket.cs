namespace SocketIo.Protocol;

/// <summary>
/// A BINARY_EVENT or BINARY_ACK whose attachments are still arriving: its text, the attachments so far and their
/// bytes, checked against the byte bound as each arrives. Used by one connection's reader at a time.
/// </summary>
internal sealed class PartialBinaryPacket
{
    private readonly ReadOnlyMemory<byte>[] _attachments;
    private readonly int _maxBytes;
    private int _count;
    private long _bytes;

    /// <param name="header">The header, which announced at least one attachment.</param>
    /// <param name="text">The packet's text, owned by this packet from now on.</param>
    /// <param name="maxBytes">The most bytes the attachments may total.</param>
    /// <param name="startedAt">When the header arrived (a <see cref="TimeProvider"/> timestamp).</param>
    public PartialBinaryPacket(SocketPacketHeader header, byte[] text, int maxBytes, long startedAt)
    {
        System.Diagnostics.Debug.Assert(header.Attachments > 0, "A binary header announces at least one attachment.");
        Header = header;
        Text = text;
        _maxBytes = maxBytes;
        StartedAt = startedAt;
        // Sized by the header, which the reader has already held to the attachment cap.
        _attachments = new ReadOnlyMemory<byte>[header.Attachments];
    }

    public SocketPacketHeader Header { get; }

    public byte[] Text { get; }

    public long StartedAt { get; }

    /// <summary>The attachments, complete once <see cref="Add"/> has said so.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary>
    /// Takes one attachment, copied, since the caller's buffer is only lent: the copy is made only once the bytes are
    /// known to fit.
    /// </summary>
    public AttachmentResult Add(ReadOnlySpan<byte> attachment)
    {
        _bytes += attachment.Length;
        if (_bytes > _maxBytes)
        {
            return AttachmentResult.TooLarge;
        }

        _attachments[_count++] = attachment.ToArray();
        return _count == _attachments.Length ? AttachmentResult.Complete : AttachmentResult.Pending;
    }
}
