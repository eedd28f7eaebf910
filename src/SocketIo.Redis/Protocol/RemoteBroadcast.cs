using System.Buffers;
using System.Buffers.Text;
using System.Text;
using SocketIo.Adapters;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// A packet another server (or Node's emitter) published for this namespace's sockets: its event data as JSON with
/// its attachments, and the selection it is for.
/// </summary>
internal sealed class RemoteBroadcast
{
    public required string Uid { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The packet's <c>data</c>, <c>[name, ...args]</c>, as UTF-8 JSON with placeholders.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; init; }

    public required SocketIoBroadcastOptions Options { get; init; }

    /// <summary>The <c>timeout</c> flag of a broadcast with acknowledgements, if any.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Encodes the Socket.IO packet as Node's parser does: <c>2</c> (or <c>5&lt;n&gt;-</c> with attachments), the
    /// namespace and a comma unless it is "/", the ack id if any, then the data.
    /// </summary>
    public SocketIoPacket ToPacket(long ackId = -1)
    {
        var buffer = new ArrayBufferWriter<byte>(Data.Length + 16);
        if (Attachments.Count > 0)
        {
            buffer.Write("5"u8);
            WriteNumber(buffer, Attachments.Count);
            buffer.Write("-"u8);
        }
        else
        {
            buffer.Write("2"u8);
        }

        if (Namespace != "/")
        {
            buffer.Write(Encoding.UTF8.GetBytes(Namespace));
            buffer.Write(","u8);
        }

        if (ackId >= 0)
        {
            WriteNumber(buffer, ackId);
        }

        buffer.Write(Data.Span);
        return new SocketIoPacket(buffer.WrittenMemory, Attachments);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> buffer, long value)
    {
        var span = buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        buffer.Advance(written);
    }
}
