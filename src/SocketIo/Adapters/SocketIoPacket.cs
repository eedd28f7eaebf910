using EngineIo;
using SocketIo.Protocol;

namespace SocketIo.Adapters;

/// <summary>
/// A packet encoded once, ready for any number of sockets: its text and its binary attachments. Nothing in it changes
/// after encoding, so every target shares the same bytes, and an adapter can ship them to other servers as they are.
/// This is the default parser's form whichever parser the server uses (<see cref="SocketIoOptions.Parser"/>); a
/// server that sends another form derives it from this one once per packet.
/// </summary>
public sealed class SocketIoPacket
{
    private readonly EngineIoMessage[]? _messages;
    private EngineIoMessage[]? _uncompressed;
    private EngineIoMessage[]? _volatile;
    private EngineIoMessage[]? _volatileUncompressed;
    private byte[]? _wholeMessage;

    /// <summary>Wraps an encoded packet (for an adapter that received one from another server).</summary>
    /// <param name="text">The Socket.IO packet's text, header included.</param>
    /// <param name="attachments">Its binary attachments, in placeholder order.</param>
    public SocketIoPacket(ReadOnlyMemory<byte> text, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        Text = text;
        Attachments = attachments;
        if (attachments.Count > 0)
        {
            _messages = new EngineIoMessage[1 + attachments.Count];
            _messages[0] = new EngineIoMessage(text, isBinary: false);
            for (var i = 0; i < attachments.Count; i++)
            {
                _messages[i + 1] = new EngineIoMessage(attachments[i], isBinary: true);
            }
        }
    }

    /// <summary>The Socket.IO packet's text, header included.</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary>The binary attachments.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>
    /// The connection state recovery offset this packet carries as its last argument (see <see cref="WithOffset"/>), or
    /// null.
    /// </summary>
    public string? Offset { get; private init; }

    /// <summary>
    /// This event packet with <paramref name="offset"/> appended as its last argument, as the reference's adapters do
    /// for connection state recovery (a client that recovers reads the last string argument of each event as the
    /// offset to send back). The text is copied once with the offset spliced in; the attachments are shared.
    /// </summary>
    /// <exception cref="InvalidOperationException">The packet is not an event whose text ends with its argument array.</exception>
    public SocketIoPacket WithOffset(string offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(offset);
        var text = PacketOffsets.Append(Text.Span, offset);
        return new SocketIoPacket(text, Attachments)
        {
            Offset = offset,
            EventName = EventName,
            EventArguments = EventArguments is null ? null : [.. EventArguments, offset],
        };
    }

    /// <summary>
    /// A packet kept for recovery, made again from its bytes and its offset when a session is restored: the window keeps
    /// only the bytes, not a packet object (nor the event's arguments) per packet.
    /// </summary>
    internal static SocketIoPacket Restored(ReadOnlyMemory<byte> text, IReadOnlyList<ReadOnlyMemory<byte>> attachments, string offset) =>
        new(text, attachments) { Offset = offset };

    /// <summary>For an event encoded here: its name and arguments, which outgoing listeners of each target see.</summary>
    internal string? EventName { get; init; }

    internal object?[]? EventArguments { get; init; }

    /// <summary>Hands the packet to one connection; the text and its attachments go out with nothing between them.</summary>
    internal bool SendTo(EngineIoSocket socket) => _messages is null ? socket.Send(Text) : socket.Send(_messages);

    /// <summary>
    /// Hands the packet to one connection, asking for it to go uncompressed when <paramref name="compress"/> is false,
    /// and marked volatile when <paramref name="isVolatile"/>: the connection may then drop it, rather than buffer it, when
    /// the client does not keep up.
    /// </summary>
    internal bool SendTo(EngineIoSocket socket, bool compress, bool isVolatile) =>
        compress && !isVolatile ? SendTo(socket) : socket.Send(Messages(compress, isVolatile));

    /// <summary>
    /// The packet as one binary message, for a parser that sends packets whole (MessagePack): built by
    /// <paramref name="encode"/> on first use and kept, so that a broadcast encodes it once for all its targets.
    /// </summary>
    internal byte[] WholeMessage(Func<SocketIoPacket, byte[]> encode)
    {
        var message = Volatile.Read(ref _wholeMessage);
        if (message is not null)
        {
            return message;
        }

        // Targets on several threads may build it at once: they build the same bytes, and all keep the first.
        message = encode(this);
        return Interlocked.CompareExchange(ref _wholeMessage, message, null) ?? message;
    }

    /// <summary>The engine messages for one way of sending the packet, each way built once, on first use.</summary>
    internal EngineIoMessage[] Messages(bool compress, bool isVolatile)
    {
        ref var slot = ref isVolatile ? ref (compress ? ref _volatile : ref _volatileUncompressed) : ref _uncompressed;
        if (slot is { } built)
        {
            return built;
        }

        var messages = new EngineIoMessage[1 + Attachments.Count];
        messages[0] = new EngineIoMessage(Text, isBinary: false) { DisableCompression = !compress, IsVolatile = isVolatile };
        for (var i = 0; i < Attachments.Count; i++)
        {
            messages[i + 1] = new EngineIoMessage(Attachments[i], isBinary: true) { DisableCompression = !compress, IsVolatile = isVolatile };
        }

        return slot = messages;
    }
}
