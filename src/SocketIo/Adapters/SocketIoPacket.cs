using EngineIo;

namespace SocketIo.Adapters;

/// <summary>
/// A packet encoded once, ready for any number of sockets: its text and its binary attachments. Nothing in it changes
/// after encoding, so every target shares the same bytes, and an adapter can ship them to other servers as they are.
/// </summary>
public sealed class SocketIoPacket
{
    private readonly EngineIoMessage[]? _messages;
    private EngineIoMessage[]? _uncompressed;

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

    /// <summary>For an event encoded here: its name and arguments, which outgoing listeners of each target see.</summary>
    internal string? EventName { get; init; }

    internal object?[]? EventArguments { get; init; }

    /// <summary>Hands the packet to one connection; the text and its attachments go out with nothing between them.</summary>
    internal bool SendTo(EngineIoSocket socket) => _messages is null ? socket.Send(Text) : socket.Send(_messages);

    /// <summary>Hands the packet to one connection, asking for it to go uncompressed when <paramref name="compress"/> is false.</summary>
    internal bool SendTo(EngineIoSocket socket, bool compress) => compress ? SendTo(socket) : socket.Send(Uncompressed());

    /// <summary>The same messages flagged to skip compression, built once on first use.</summary>
    private EngineIoMessage[] Uncompressed()
    {
        var uncompressed = _uncompressed;
        if (uncompressed is not null)
        {
            return uncompressed;
        }

        uncompressed = new EngineIoMessage[1 + Attachments.Count];
        uncompressed[0] = new EngineIoMessage(Text, isBinary: false) { DisableCompression = true };
        for (var i = 0; i < Attachments.Count; i++)
        {
            uncompressed[i + 1] = new EngineIoMessage(Attachments[i], isBinary: true) { DisableCompression = true };
        }

        return _uncompressed = uncompressed;
    }
}
