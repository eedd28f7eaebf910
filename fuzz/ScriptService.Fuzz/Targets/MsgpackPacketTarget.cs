using System.Text.Json;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;

namespace ScriptService.Fuzz;

/// <summary>
/// A binary message as a server with the MessagePack parser takes it from the engine. The reader refuses it or gives
/// the default parser's form of a packet; what it gives must hold for everything after it: a type a client may send,
/// an id that is none or not negative, ranges inside the text, a payload the payload check accepts and that parses as
/// JSON, every placeholder pointing at one of the attachments; and the packet written back as MessagePack reads back
/// the same.
/// </summary>
internal static class MsgpackPacketTarget
{
    public static void Run(byte[] input)
    {
        if (!MessagePackPacketReader.TryRead(input, out var packet))
        {
            return;
        }

        var header = packet.Header;
        InvariantException.Check(header.Type is not (SocketPacketType.ConnectError), "a client's CONNECT_ERROR accepted");
        InvariantException.Check(header.AckId >= -1, "a negative ack id");
        InvariantException.Check(header.Namespace.End.Value <= header.PayloadStart && header.PayloadStart <= packet.Text.Length, "header ranges outside the text");
        InvariantException.Check(header.Attachments == packet.Attachments.Count && header.IsBinary == header.Attachments > 0, "attachment count and type disagree");
        InvariantException.Check(SocketPacketReader.IsPayloadValid(header, packet.Payload.Span), "a payload the default parser's check refuses");

        var nsp = packet.Namespace;
        var payload = packet.Payload.ToArray();
        var attachments = packet.Attachments.Select(static a => a.ToArray()).ToArray();
        if (payload.Length > 0)
        {
            using var document = JsonDocument.Parse(payload);
            InvariantException.Check(BinaryAttachments.PlaceholdersFit(document.RootElement, attachments.Length), "a placeholder without its attachment");
        }

        // Written back (as the server writes a packet in the default parser's form), it reads back the same.
        var text = Text(header.Type, attachments.Length, nsp, header.AckId, payload);
        var again = MessagePackPacketWriter.Encode(text, [.. attachments.Select(static a => (ReadOnlyMemory<byte>)a)]);
        if (header.Type is SocketPacketType.Connect or SocketPacketType.Disconnect && attachments.Length > 0)
        {
            // An auth object's binary values stay placeholders: they are not written back as binary.
            return;
        }

        InvariantException.Check(MessagePackPacketReader.TryRead(again, out var reread), "a packet written back does not read back");
        InvariantException.Check(reread.Header.Type == header.Type && reread.Header.AckId == header.AckId && reread.Namespace == nsp, "the header changed on the way back");
        InvariantException.Check(reread.Payload.Span.SequenceEqual(payload), "the payload changed on the way back");
        InvariantException.Check(reread.Attachments.Count == attachments.Length
            && reread.Attachments.Select(static a => a.ToArray()).Zip(attachments).All(static p => p.First.AsSpan().SequenceEqual(p.Second)), "the attachments changed on the way back");
    }

    /// <summary>The default parser's text of the packet: what <see cref="MessagePackPacketWriter.Encode"/> takes.</summary>
    private static byte[] Text(SocketPacketType type, int attachments, string nsp, long ackId, byte[] payload)
    {
        var header = ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (attachments > 0 ? attachments.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" : "")
            + (nsp == "/" ? "" : nsp + ",")
            + (ackId >= 0 ? ackId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        return [.. System.Text.Encoding.UTF8.GetBytes(header), .. payload];
    }
}
