namespace SocketIo.Protocol;

/// <summary>
/// What a connection's packet reader may hold for its client, and the clock that times it: one instance per server,
/// shared by every connection.
/// </summary>
internal sealed class SocketPacketLimits(int maxAttachments, int maxAttachmentBytes, TimeSpan attachmentTimeout, TimeProvider timeProvider)
{
    /// <summary>The most attachments one binary packet may announce.</summary>
    public int MaxAttachments { get; } = maxAttachments;

    /// <summary>The most bytes the attachments of one binary packet may total.</summary>
    public int MaxAttachmentBytes { get; } = maxAttachmentBytes;

    /// <summary>How long the attachments of one binary packet may take to arrive; <see cref="Timeout.InfiniteTimeSpan"/> for no bound.</summary>
    public TimeSpan AttachmentTimeout { get; } = attachmentTimeout;

    public TimeProvider TimeProvider { get; } = timeProvider;
}
