namespace SocketIo.Protocol;

/// <summary>
/// What precedes the JSON of a Socket.IO packet: <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;id&gt;]</c>. The namespace
/// is kept as a range of the packet so that the common "/" costs no string.
/// </summary>
internal readonly struct SocketPacketHeader(SocketPacketType type, int attachments, Range nsp, long ackId, int payloadStart)
{
    public SocketPacketType Type { get; } = type;

    public int Attachments { get; } = attachments;

    /// <summary>The namespace's bytes in the packet; an empty range means "/".</summary>
    public Range Namespace { get; } = nsp;

    /// <summary>The acknowledgement id, or -1 when the packet asks for none.</summary>
    public long AckId { get; } = ackId;

    /// <summary>Where the JSON payload starts; the packet's length if it has none.</summary>
    public int PayloadStart { get; } = payloadStart;

    public bool IsBinary => Type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck;
}
