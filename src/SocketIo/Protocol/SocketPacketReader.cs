using System.Text.Json;

namespace SocketIo.Protocol;

/// <summary>Decodes and validates the text part of a Socket.IO packet, as strictly as the reference parser.</summary>
internal static class SocketPacketReader
{
    /// <summary>More digits than this in an ack id or attachment count cannot be a valid number.</summary>
    private const int MaxDigits = 15;

    /// <summary>
    /// Parses the header. Returns false for an unknown type, a malformed attachment count, namespace or ack id, or
    /// more attachments than <paramref name="maxAttachments"/>.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, int maxAttachments, out SocketPacketHeader header)
    {
        header = default;
        if (packet.IsEmpty || packet[0] < (byte)'0' || packet[0] > (byte)'6')
        {
            return false;
        }

        var type = (SocketPacketType)(packet[0] - (byte)'0');
        var position = 1;
        var attachments = 0;
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            var dash = packet[position..].IndexOf((byte)'-');
            if (dash <= 0 || dash > MaxDigits || !TryParseDigits(packet.Slice(position, dash), out var count) || count < 1 || count > maxAttachments)
            {
                return false;
            }

            attachments = (int)count;
            position += dash + 1;
        }

        var nsp = new Range(position, position);
        if (position < packet.Length && packet[position] == (byte)'/')
        {
            var comma = packet[position..].IndexOf((byte)',');
            var end = comma < 0 ? packet.Length : position + comma;
            nsp = new Range(position, end);
            position = comma < 0 ? end : end + 1;
        }

        long ackId = -1;
        var digits = 0;
        while (position + digits < packet.Length && IsDigit(packet[position + digits]))
        {
            digits++;
        }

        if (digits > 0)
        {
            if (digits > MaxDigits || !TryParseDigits(packet.Slice(position, digits), out ackId))
            {
                return false;
            }

            position += digits;
        }

        header = new SocketPacketHeader(type, attachments, nsp, ackId, position);
        return true;
    }

    /// <summary>
    /// Checks the payload against the packet type, as the reference's <c>isPayloadValid</c>: CONNECT an object or
    /// nothing, DISCONNECT nothing, EVENT an array starting with the event name, ACK an array. A client never sends
    /// CONNECT_ERROR.
    /// </summary>
    public static bool IsPayloadValid(in SocketPacketHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case SocketPacketType.Connect:
                return payload.IsEmpty || StartsWith(payload, JsonTokenType.StartObject);
            case SocketPacketType.Disconnect:
                return payload.IsEmpty;
            case SocketPacketType.Event:
            case SocketPacketType.BinaryEvent:
                return IsEventPayload(payload);
            case SocketPacketType.Ack:
            case SocketPacketType.BinaryAck:
                // An ack without data answers with no arguments; one without an id is dropped by the dispatcher.
                return payload.IsEmpty || StartsWith(payload, JsonTokenType.StartArray);
            default:
                return false;
        }
    }

    private static bool IsEventPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var reader = new Utf8JsonReader(payload);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartArray
                && reader.Read() && reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool StartsWith(ReadOnlySpan<byte> payload, JsonTokenType token)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            return reader.Read() && reader.TokenType == token;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsDigit(byte value) => value is >= (byte)'0' and <= (byte)'9';

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (!IsDigit(digit))
            {
                return false;
            }

            value = (value * 10) + (digit - (byte)'0');
        }

        return true;
    }
}
