using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using MessagePack;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// Reads a packet a <c>socket.io-msgpack-parser</c> client sent (one binary message) into the default parser's form,
/// so that routing and handlers see the same packets whichever parser the server uses: the data as JSON, each binary
/// value as a placeholder with its bytes as an attachment. It checks what the npm parser's decoder checks: a map
/// whose <c>type</c> is an integer from 0 to 4, whose <c>nsp</c> is a string and whose <c>id</c> is absent or an
/// integer, with data that fits the type; other keys are ignored, and trailing bytes are an error.
/// </summary>
/// <remarks>
/// Beyond the npm parser, as the default parser's reader does here: a client never sends CONNECT_ERROR, an EVENT
/// starts with its name (a string or number), an ack id is not negative, and a namespace starts with "/" and holds no
/// "," (the default parser's packets cannot name any other). The text of
/// the packet it returns is this thread's buffer, valid until the thread reads the next packet: whoever routes the
/// packet copies what it keeps before it returns, as for the engine's buffer.
/// </remarks>
internal static class MessagePackPacketReader
{
    private static readonly JsonWriterOptions _writerOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static DecodeBuffer? t_buffer;

    /// <summary>Reads a whole message into a packet; false if it is malformed in any way.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, out InboundPacket packet)
    {
        packet = default;
        var buffer = t_buffer ??= new DecodeBuffer();
        buffer.Output.ResetWrittenCount();
        buffer.Writer.Reset();
        buffer.Attachments.Clear();
        try
        {
            return TryRead(message, buffer, out packet);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidDataException or ArgumentOutOfRangeException)
        {
            return false;
        }
        finally
        {
            // The attachments were copied out; the bytes they point into are the engine's.
            buffer.Attachments.Clear();
            if (buffer.Output.Capacity > SocketPacketWriter.MaxRetainedBufferBytes)
            {
                // The packet keeps the big buffer for as long as it needs it; the thread lets it go.
                t_buffer = null;
            }
        }
    }

    private static bool TryRead(ReadOnlyMemory<byte> message, DecodeBuffer buffer, out InboundPacket packet)
    {
        packet = default;
        var reader = new MessagePackReader(message);
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            return false;
        }

        // Each property's value is found first (the last of a repeated key wins, as in a JavaScript object), then read.
        MessagePackReader type = default, nsp = default, id = default, data = default;
        bool hasType = false, hasNsp = false, hasId = false, hasData = false;
        for (var count = Notepack.ReadMapHeader(ref reader); count > 0; count--)
        {
            ReadOnlySpan<byte> key = default;
            var isString = reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out key);
            if (!isString)
            {
                // Not a key the parser reads: a number, or a string split across segments (the message is one buffer).
                Notepack.Skip(ref reader, depth: 1);
            }
            else if (key.SequenceEqual("type"u8))
            {
                type = reader.CreatePeekReader();
                hasType = true;
            }
            else if (key.SequenceEqual("nsp"u8))
            {
                nsp = reader.CreatePeekReader();
                hasNsp = true;
            }
            else if (key.SequenceEqual("id"u8))
            {
                id = reader.CreatePeekReader();
                hasId = true;
            }
            else if (key.SequenceEqual("data"u8))
            {
                data = reader.CreatePeekReader();
                hasData = true;
            }

            Notepack.Skip(ref reader, depth: 1);
        }

        if (!reader.End)
        {
            return false;
        }

        hasId = hasId && !IsUndefined(ref id);
        hasData = hasData && !IsUndefined(ref data);
        if (!hasType || !TryReadInteger(ref type, out var typeValue) || typeValue is < 0 or > (long)SocketPacketType.ConnectError
            || !hasNsp || nsp.NextMessagePackType != MessagePackType.String)
        {
            return false;
        }

        var ackId = -1L;
        if (hasId && (!TryReadInteger(ref id, out ackId) || ackId < 0))
        {
            return false;
        }

        var packetType = (SocketPacketType)typeValue;
        var dataType = hasData ? data.NextMessagePackType : MessagePackType.Unknown;
        var dataFits = packetType switch
        {
            SocketPacketType.Connect => !hasData || dataType == MessagePackType.Map,
            SocketPacketType.Disconnect => !hasData,
            SocketPacketType.Event or SocketPacketType.Ack => dataType == MessagePackType.Array,
            _ => false,
        };
        if (!dataFits || !TryWriteNamespace(ref nsp, buffer.Output, out var nspRange))
        {
            return false;
        }

        var payloadStart = buffer.Output.WrittenCount;
        if (hasData)
        {
            Notepack.WriteValueAsJson(ref data, buffer.Writer, buffer.Attachments, depth: 1);
            buffer.Writer.Flush();
        }

        ReadOnlyMemory<byte>[] attachments = [];
        if (buffer.Attachments.Count > 0 && packetType is SocketPacketType.Event or SocketPacketType.Ack)
        {
            // The engine's buffer is lent only until the reader goes on, and handlers may outlive it.
            attachments = new ReadOnlyMemory<byte>[buffer.Attachments.Count];
            for (var i = 0; i < attachments.Length; i++)
            {
                attachments[i] = buffer.Attachments[i].ToArray();
            }

            packetType = packetType == SocketPacketType.Event ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck;
        }

        // An auth object's binary values stay placeholders: the handshake's auth is JSON.
        var header = new SocketPacketHeader(packetType, attachments.Length, nspRange, ackId, payloadStart);
        var text = buffer.Output.WrittenMemory;
        if (!SocketPacketReader.IsPayloadValid(header, text.Span[payloadStart..]))
        {
            return false;
        }

        packet = new InboundPacket(header, text, attachments);
        return true;
    }

    /// <summary>An integer as JavaScript's <c>Number.isInteger</c> sees it: a float with no fraction counts.</summary>
    private static bool TryReadInteger(ref MessagePackReader reader, out long value)
    {
        value = 0;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    var unsigned = reader.ReadUInt64();
                    value = (long)Math.Min(unsigned, long.MaxValue);
                    return unsigned <= long.MaxValue;
                }

                value = reader.ReadInt64();
                return true;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (!double.IsFinite(number) || Math.Floor(number) != number || number < long.MinValue || number >= 9.2233720368547758E18)
                {
                    return false;
                }

                value = (long)number;
                return true;
            default:
                return false;
        }
    }

    /// <summary>notepack's <c>undefined</c> (fixext 1 of type 0): a property set to it is as good as absent.</summary>
    private static bool IsUndefined(ref MessagePackReader reader)
    {
        if (reader.NextCode != MessagePackCode.FixExt1)
        {
            return false;
        }

        var peek = reader.CreatePeekReader();
        return peek.ReadExtensionFormatHeader().TypeCode == 0;
    }

    /// <summary>
    /// Copies the namespace into the text, where the packet's range points; the root, which nearly every packet names,
    /// is the empty range, as in the default parser's packets. Invalid UTF-8 becomes U+FFFD, as notepack reads it.
    /// </summary>
    private static bool TryWriteNamespace(ref MessagePackReader reader, ArrayBufferWriter<byte> output, out Range range)
    {
        range = default;
        if (!reader.TryReadStringSpan(out var utf8))
        {
            return false;
        }

        // The default parser's form can only hold a namespace that starts with "/" and has no ",", which are the only
        // ones a client library names.
        if (utf8.IsEmpty || utf8[0] != (byte)'/' || utf8.Contains((byte)','))
        {
            return false;
        }

        if (utf8.SequenceEqual("/"u8))
        {
            range = new Range(0, 0);
            return true;
        }

        if (Utf8.IsValid(utf8))
        {
            output.Write(utf8);
        }
        else
        {
            output.Write(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8)));
        }

        range = new Range(0, output.WrittenCount);
        return true;
    }

    /// <summary>A thread's text buffer, the JSON writer over it and the attachment list, reused from packet to packet.</summary>
    private sealed class DecodeBuffer
    {
        public DecodeBuffer()
        {
            Output = new ArrayBufferWriter<byte>(256);
            Writer = new Utf8JsonWriter(Output, _writerOptions);
        }

        public ArrayBufferWriter<byte> Output { get; }

        public Utf8JsonWriter Writer { get; }

        public List<ReadOnlyMemory<byte>> Attachments { get; } = [];
    }
}
