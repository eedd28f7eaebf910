using System.Text;
using System.Text.Json;
using SocketIo;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace ScriptService.Fuzz;

/// <summary>
/// A Socket.IO packet and its binary attachments as SocketIoClient takes them from the engine: the input is the text
/// packet, then each attachment after a 0x00 byte. The header and payload checks either refuse it or let it through;
/// what they let through is parsed as the dispatcher parses it (JsonException is the documented refusal), its
/// placeholders checked against the attachments, and an event or ack written back with SocketPacketWriter reads back
/// to the same namespace, id, arguments and bytes.
/// </summary>
internal static class SocketIoPacketTarget
{
    private const int MaxAttachments = 10;

    public static void Run(byte[] input)
    {
        var parts = Split(input);
        var text = parts[0];
        if (!SocketPacketReader.TryReadHeader(text.Span, MaxAttachments, out var header))
        {
            return;
        }

        InvariantException.Check(header.PayloadStart <= text.Length && header.Namespace.End.Value <= header.PayloadStart, "header ranges outside the packet");
        InvariantException.Check(header.IsBinary == header.Attachments > 0 && header.Attachments <= MaxAttachments, "attachment count and type disagree");
        var payload = text[header.PayloadStart..];
        if (!SocketPacketReader.IsPayloadValid(header, payload.Span))
        {
            return;
        }

        if (parts.Count - 1 < header.Attachments)
        {
            // The client still owes attachments: the packet waits (for a bounded time, once issue 17 is fixed).
            return;
        }

        IReadOnlyList<ReadOnlyMemory<byte>> attachments = parts.GetRange(1, header.Attachments);
        var nsp = header.Namespace.Start.Value == header.Namespace.End.Value ? "/" : Encoding.UTF8.GetString(text.Span[header.Namespace]);
        switch (header.Type)
        {
            case SocketPacketType.Connect when !payload.IsEmpty:
                try
                {
                    using var auth = JsonDocument.Parse(payload);
                }
                catch (JsonException)
                {
                }

                break;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                Event(header, nsp, text.Span[header.Namespace], payload, attachments);
                break;
            case SocketPacketType.Ack or SocketPacketType.BinaryAck:
                Ack(payload, attachments);
                break;
        }
    }

    private static void Event(in SocketPacketHeader header, string nsp, ReadOnlySpan<byte> nspBytes, ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var array = document.RootElement;
            InvariantException.Check(array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0, "an event payload that passed IsPayloadValid is not an array with a name");
            if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(array, attachments.Count))
            {
                return;
            }

            // The name as SocketIoSocket.FindHandlers reads it for the handlers and the logs.
            var nameElement = array[0];
            var name = SocketIoSocket.EventName(nameElement);
            var args = new SocketIoAckResponse("fuzz", array, attachments, SocketIoJson.Options);
            Arguments.Read(args, skipFirst: true);
            // A name that is no string (a number, a lone surrogate) is written back as a different value: no round trip.
            // Invalid UTF-8 (a polling body may carry it) is not text to compare after a round trip.
            if (IsText(nameElement, name) && System.Text.Unicode.Utf8.IsValid(nspBytes) && System.Text.Unicode.Utf8.IsValid(payload.Span))
            {
                RoundTrip(nsp, header.AckId, name, array, attachments, offset: 1);
            }
        }
    }

    private static void Ack(ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        SocketIoAckResponse response;
        try
        {
            response = AckRegistry.ParseResponse("fuzz", payload.Span, attachments, SocketIoJson.Options);
        }
        catch (JsonException)
        {
            return;
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(response.Arguments, attachments.Count))
        {
            return;
        }

        Arguments.Read(response, skipFirst: false);
    }

    /// <summary>
    /// Writes the event again (placeholders at the top level as binary arguments, the rest as JSON) and reads it back:
    /// the same namespace, ack id and name, each argument the same JSON or the same bytes.
    /// </summary>
    private static void RoundTrip(string nsp, long ackId, string name, JsonElement array, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int offset)
    {
        var count = array.GetArrayLength() - offset;
        var args = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var element = array[i + offset];
            if (BinaryAttachments.TryGetPlaceholder(element, out var index) && index < attachments.Count)
            {
                args[i] = attachments[index].ToArray();
            }
            else if (ContainsPlaceholder(element))
            {
                // A placeholder nested in JSON is written back as plain JSON, which announces no attachment for it.
                return;
            }
            else
            {
                args[i] = element;
            }
        }

        byte[] packet;
        ReadOnlyMemory<byte>[]? written;
        try
        {
            packet = SocketPacketWriter.EncodeText(nsp, ackId, name, args, SocketIoJson.Options, out written);
        }
        catch (InvalidOperationException) when (args.Any(a => a is JsonElement element && !IsWritable(element)))
        {
            // A client's string that no .NET string can hold (a lone surrogate escape) cannot be written back by
            // JsonElement.WriteTo: a limit of System.Text.Json that an application echoing client data meets too.
            return;
        }

        InvariantException.Check(SocketPacketReader.TryReadHeader(packet, MaxAttachments + count, out var header), "a written event's header does not read");
        var payload = packet.AsMemory(header.PayloadStart);
        InvariantException.Check(SocketPacketReader.IsPayloadValid(header, payload.Span), "a written event's payload is not valid");
        var readNsp = header.Namespace.Start.Value == header.Namespace.End.Value ? "/" : Encoding.UTF8.GetString(packet.AsSpan()[header.Namespace]);
        InvariantException.Check(readNsp == nsp && header.AckId == ackId, "namespace or ack id changed in a round trip");
        InvariantException.Check(header.Attachments == (written?.Length ?? 0), "the written attachment count differs from the attachments");
        using var document = JsonDocument.Parse(payload);
        var back = document.RootElement;
        InvariantException.Check(back.GetArrayLength() == count + 1 && back[0].ValueEquals(name), "the event name changed in a round trip");
        for (var i = 0; i < count; i++)
        {
            var element = back[i + 1];
            if (args[i] is byte[] bytes)
            {
                InvariantException.Check(
                    BinaryAttachments.TryGetPlaceholder(element, out var index) && index < written!.Length && written[index].Span.SequenceEqual(bytes),
                    $"binary argument {i} changed in a round trip");
            }
            else
            {
                InvariantException.Check(JsonElement.DeepEquals(element, (JsonElement)args[i]!), $"argument {i} changed in a round trip");
            }
        }
    }

    /// <summary>The name is a string that a .NET string holds, and <paramref name="name"/> is it.</summary>
    private static bool IsText(JsonElement element, string name)
    {
        try
        {
            return element.ValueKind == JsonValueKind.String && element.GetString() == name;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsWritable(JsonElement element)
    {
        try
        {
            using var writer = new Utf8JsonWriter(Stream.Null);
            element.WriteTo(writer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when the element holds a placeholder, or may (an object whose names cannot be compared).</summary>
    private static bool ContainsPlaceholder(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.TryGetProperty("_placeholder"u8, out _) || element.EnumerateObject().Any(p => ContainsPlaceholder(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().Any(ContainsPlaceholder),
                _ => false,
            };
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static List<ReadOnlyMemory<byte>> Split(byte[] input)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == 0)
            {
                parts.Add(input.AsMemory(start, i - start));
                start = i + 1;
            }
        }

        parts.Add(input.AsMemory(start));
        return parts;
    }
}
