using System.Text.Json;

namespace SocketIo;

/// <summary>Settings of the Socket.IO server. Engine.IO settings (ping, payload limit, CORS) are configured separately.</summary>
public sealed class SocketIoOptions
{
    /// <summary>How long a connection may stay without joining any namespace before it is closed. Default 45 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How event arguments and acknowledgements are (de)serialized. Put your source-generated
    /// <c>JsonSerializerContext</c> first in <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> to stay
    /// trimming- and AOT-friendly; without one, reflection is used where the app allows it. Default: web defaults.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The wire format of the server's packets: <see cref="SocketIoParser.Default"/> (the default), or
    /// <see cref="SocketIoParser.MessagePack"/> for clients that use <c>socket.io-msgpack-parser</c>. Event arguments
    /// are still (de)serialized with <see cref="JsonSerializerOptions"/>, and handlers still see JSON values, whichever
    /// parser carries them; binary values stay binary. With MessagePack a packet and its binary values arrive in one
    /// message, bounded by the Engine.IO <c>MaxPayload</c>, so <see cref="MaxAttachments"/>,
    /// <see cref="MaxAttachmentBytes"/> and <see cref="AttachmentTimeout"/> do not apply.
    /// </summary>
    public SocketIoParser Parser { get; set; } = SocketIoParser.Default;

    /// <summary>
    /// The most binary attachments one packet may announce; a header announcing more (or fewer than one) is a parse
    /// error, refused before anything is kept for its attachments. Default 10, as in the reference.
    /// </summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// The most bytes the binary attachments of one packet may total while they are reassembled; one more byte is a
    /// parse error. The reference bounds only each attachment (by the Engine.IO payload limit), so a packet of its
    /// could hold <see cref="MaxAttachments"/> times that. Default null: the Engine.IO <c>MaxPayload</c>, so that a
    /// binary packet holds at most as much as one message.
    /// </summary>
    public int? MaxAttachmentBytes { get; set; }

    /// <summary>
    /// How long a binary packet's attachments may take to arrive after its header; a packet still incomplete then is
    /// a parse error. The reference waits for ever, which lets a client pin the attachments it sent while it stays
    /// connected. <see cref="Timeout.InfiniteTimeSpan"/> waits for ever too. Default 30 s.
    /// </summary>
    public TimeSpan AttachmentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many of one connection's events and namespace joins may be in progress at once (event handlers or
    /// middleware still running; connection handlers do not count). Beyond it the connection's further packets wait
    /// until one finishes, and its transport is not read meanwhile: a client that sends faster than its handlers
    /// finish is slowed, not refused, and the memory its packets hold stays bounded. A handler that awaits an
    /// acknowledgement from its own client, or runs for the life of the socket, holds its place all that time. The
    /// reference has no limit. Default 32.
    /// </summary>
    public int MaxConcurrentHandlersPerConnection { get; set; } = 32;

    /// <summary>
    /// How many namespaces one connection may join at once; a CONNECT beyond it is refused with a
    /// <c>connect_error</c> ("Too many namespaces") and the connection stays. The reference has no limit, which lets a
    /// client of dynamic namespaces add sockets without end. Default 100.
    /// </summary>
    public int MaxNamespacesPerConnection { get; set; } = 100;

    /// <summary>
    /// Whether <c>MapSocketIo</c> also serves the socket.io-client browser bundle below its path, as the reference's
    /// <c>serveClient</c> does: <c>socket.io.js</c>, <c>socket.io.min.js</c>, <c>socket.io.msgpack.min.js</c>,
    /// <c>socket.io.esm.min.js</c> and their <c>.map</c> files, from the client version embedded in this library, with
    /// that version as the entity tag. Read when the endpoint is mapped. Default true, as in the reference.
    /// </summary>
    public bool ServeClient { get; set; } = true;

    /// <summary>Empty dynamic child namespaces are removed once their last socket leaves. Default false, as in the reference.</summary>
    public bool CleanupEmptyChildNamespaces { get; set; }

    /// <summary>
    /// Connection state recovery: a client that lost its connection and comes back within the window keeps its socket
    /// id, rooms and data, and receives what it missed. Default null: off, as in the reference, and then it costs
    /// nothing.
    /// </summary>
    public SocketIoConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }

    internal void Validate()
    {
        ConnectionStateRecovery?.Validate();
        if (!IsTimeout(ConnectTimeout) || !IsTimeout(AttachmentTimeout))
        {
            throw new InvalidOperationException("SocketIoOptions: ConnectTimeout and AttachmentTimeout must be positive (or infinite).");
        }

        if (!Enum.IsDefined(Parser))
        {
            throw new InvalidOperationException($"SocketIoOptions: Parser {Parser} is not a known parser.");
        }

        if (MaxAttachments < 0)
        {
            throw new InvalidOperationException("SocketIoOptions: MaxAttachments must not be negative.");
        }

        if (MaxAttachmentBytes is <= 0 || MaxConcurrentHandlersPerConnection <= 0 || MaxNamespacesPerConnection <= 0)
        {
            throw new InvalidOperationException(
                "SocketIoOptions: MaxAttachmentBytes, MaxConcurrentHandlersPerConnection and MaxNamespacesPerConnection must be positive.");
        }
    }

    private static bool IsTimeout(TimeSpan value) => value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan;
}
