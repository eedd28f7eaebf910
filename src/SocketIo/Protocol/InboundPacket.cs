using System.Text;

namespace SocketIo.Protocol;

/// <summary>
/// A whole packet from the client: its header, its text (which the header's ranges index) and its attachments. The
/// text of a packet without attachments is the engine's buffer, lent only until the reader goes on.
/// </summary>
internal readonly struct InboundPacket(SocketPacketHeader header, ReadOnlyMemory<byte> text, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
{
    public SocketPacketHeader Header { get; } = header;

    public ReadOnlyMemory<byte> Text { get; } = text;

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; } = attachments;

    /// <summary>The JSON after the header; empty if there is none.</summary>
    public ReadOnlyMemory<byte> Payload => Text[Header.PayloadStart..];

    /// <summary>The namespace's name: the root, which nearly every packet names, costs no string.</summary>
    public string Namespace => Header.Namespace.Start.Value == Header.Namespace.End.Value
        ? "/"
        : Encoding.UTF8.GetString(Text.Span[Header.Namespace]);
}
