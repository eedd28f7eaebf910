using System.Text.Json;
using EngineIo;
using SocketIo.Adapters;

namespace SocketIo.Protocol;

/// <summary>
/// A connection's wire format (its parser). Packets are built in one form whatever the wire: the default parser's
/// text (header and JSON) with the binary values as attachments, which <see cref="SocketIoPacket"/> carries and
/// adapters ship between servers. A codec decides how that form goes out on a connection, and turns what the
/// connection receives back into it, so that everything between (routing, handlers, acknowledgements) sees one form.
/// </summary>
/// <remarks>Implementations are stateless singletons, shared by every connection that uses them.</remarks>
internal interface ISocketPacketCodec
{
    /// <summary>Queues a packet encoded for this connection alone; false if the connection is gone or full.</summary>
    bool Send(EngineIoSocket engine, byte[] text, ReadOnlyMemory<byte>[]? attachments);

    /// <summary>
    /// Encodes an EVENT (<paramref name="eventName"/> first) or an ACK (no name) for this connection alone and queues
    /// it; false if the connection is gone or full. A codec may encode straight from the arguments.
    /// <paramref name="bytes"/> is the size of what was encoded (for the admin dashboard's traffic figures).
    /// </summary>
    bool SendEvent(EngineIoSocket engine, string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options, out long bytes);

    /// <summary>
    /// Queues a packet shared by many connections (a broadcast). Whatever the codec derives from it is made once and
    /// kept in the packet, so each further connection costs no encoding.
    /// </summary>
    bool Send(EngineIoSocket engine, SocketIoPacket packet, bool compress, bool isVolatile);

    /// <summary>Decodes one message the connection received, with the connection's reader state.</summary>
    DecodeResult Decode(ref SocketPacketDecoder decoder, SocketPacketLimits limits, IAttachmentTimeoutHandler owner, EngineIoMessage message, out InboundPacket packet);
}
