using System.Text.Json;
using EngineIo;
using SocketIo.Adapters;

namespace SocketIo.Protocol;

/// <summary>
/// The default parser (<c>socket.io-parser</c>): the packet's text as a text message, each attachment as a binary
/// message after it.
/// </summary>
internal sealed class DefaultPacketCodec : ISocketPacketCodec
{
    public static readonly DefaultPacketCodec Instance = new();

    private DefaultPacketCodec()
    {
    }

    public bool Send(EngineIoSocket engine, byte[] text, ReadOnlyMemory<byte>[]? attachments) =>
        attachments is null ? engine.Send(text) : new SocketIoPacket(text, attachments).SendTo(engine);

    public bool SendEvent(EngineIoSocket engine, string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options, out long bytes)
    {
        var text = SocketPacketWriter.EncodeText(nsp, ackId, eventName, args, options, out var attachments);
        bytes = text.Length;
        foreach (var attachment in attachments ?? [])
        {
            bytes += attachment.Length;
        }

        return Send(engine, text, attachments);
    }

    public bool Send(EngineIoSocket engine, SocketIoPacket packet, bool compress, bool isVolatile) =>
        packet.SendTo(engine, compress, isVolatile);

    public DecodeResult Decode(ref SocketPacketDecoder decoder, SocketPacketLimits limits, IAttachmentTimeoutHandler owner, EngineIoMessage message, out InboundPacket packet) =>
        message.IsBinary
            ? decoder.DecodeAttachment(message.Data.Span, out packet)
            : decoder.DecodeText(message.Data, limits, owner, out packet);
}
