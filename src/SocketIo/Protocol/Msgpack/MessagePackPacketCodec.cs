using System.Text.Json;
using EngineIo;
using SocketIo.Adapters;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// <c>socket.io-msgpack-parser</c>: every packet one binary message, binary values inline. A text message is not a
/// packet of this parser, and malformed like any other.
/// </summary>
internal sealed class MessagePackPacketCodec : ISocketPacketCodec
{
    public static readonly MessagePackPacketCodec Instance = new();

    private MessagePackPacketCodec()
    {
    }

    public bool Send(EngineIoSocket engine, byte[] text, ReadOnlyMemory<byte>[]? attachments) =>
        engine.SendBinary(MessagePackPacketWriter.Encode(text, attachments ?? []));

    public bool SendEvent(EngineIoSocket engine, string nsp, long ackId, string? eventName, object?[] args, JsonSerializerOptions options, out long bytes)
    {
        var message = MessagePackPacketWriter.EncodeEvent(nsp, ackId, eventName, args, options);
        bytes = message.Length;
        return engine.SendBinary(message);
    }

    public bool Send(EngineIoSocket engine, SocketIoPacket packet, bool compress, bool isVolatile)
    {
        var message = packet.WholeMessage(MessagePackPacketWriter.EncodePacket);
        if (compress && !isVolatile)
        {
            return engine.SendBinary(message);
        }

        var flagged = new EngineIoMessage(message, isBinary: true) { DisableCompression = !compress, IsVolatile = isVolatile };
        return engine.Send(new ReadOnlySpan<EngineIoMessage>(in flagged));
    }

    public DecodeResult Decode(ref SocketPacketDecoder decoder, SocketPacketLimits limits, IAttachmentTimeoutHandler owner, EngineIoMessage message, out InboundPacket packet)
    {
        if (!message.IsBinary)
        {
            packet = default;
            return DecodeResult.Malformed;
        }

        return MessagePackPacketReader.TryRead(message.Data, out packet) ? DecodeResult.Packet : DecodeResult.Malformed;
    }
}
