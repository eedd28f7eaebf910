using System.Buffers;
using System.Text;
using MessagePack;

namespace LoadDriver.Wire;

/// <summary>
/// socket.io-msgpack-parser's packets: one binary message each, the packet object <c>{type, data, id, nsp}</c> in
/// MessagePack. The driver writes the few it sends as bytes (the echo's frame is patched in place per id) and reads
/// the server's with MessagePack's low-level reader.
/// </summary>
internal static class MsgpackPackets
{
    /// <summary>A CONNECT to "/" with no auth: <c>{type: 0, nsp: "/"}</c>.</summary>
    public static byte[] Connect { get; } = Write(static (ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(2);
        w.Write("type");
        w.Write(0);
        w.Write("nsp");
        w.Write("/");
    });

    public delegate void Writes(ref MessagePackWriter writer);

    public static byte[] Write(Writes write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An unsigned integer in the smallest MessagePack form, as notepack writes it; returns its length.</summary>
    public static int WriteUInt(Span<byte> destination, ulong value)
    {
        var buffer = new ArrayBufferWriter<byte>(9);
        var writer = new MessagePackWriter(buffer);
        writer.Write(value);
        writer.Flush();
        buffer.WrittenSpan.CopyTo(destination);
        return buffer.WrittenCount;
    }

    /// <summary>
    /// Reads a packet: its type, whether its namespace is "/", its id (-1 if none) and the raw MessagePack of its data
    /// (empty if none). False if it is not a packet.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, out int type, out bool rootNamespace, out long id, out ReadOnlyMemory<byte> data)
    {
        type = -1;
        rootNamespace = false;
        id = -1;
        data = default;
        try
        {
            var reader = new MessagePackReader(message);
            for (var count = reader.ReadMapHeader(); count > 0; count--)
            {
                // Spans of the message (one segment): reading a packet allocates nothing.
                if (!reader.TryReadStringSpan(out var key))
                {
                    return false;
                }

                if (key.SequenceEqual("type"u8))
                {
                    type = reader.ReadInt32();
                }
                else if (key.SequenceEqual("nsp"u8))
                {
                    rootNamespace = reader.TryReadStringSpan(out var nsp) && nsp.SequenceEqual("/"u8);
                }
                else if (key.SequenceEqual("id"u8))
                {
                    id = reader.ReadInt64();
                }
                else if (key.SequenceEqual("data"u8))
                {
                    var start = (int)reader.Consumed;
                    reader.Skip();
                    data = message[start..(int)reader.Consumed];
                }
                else
                {
                    reader.Skip();
                }
            }

            return type >= 0;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A CONNECT_ERROR's message, for the failure reason.</summary>
    public static string Describe(ReadOnlyMemory<byte> data) => data.IsEmpty ? "" : Encoding.UTF8.GetString(data.Span[..Math.Min(data.Length, 100)]);
}
