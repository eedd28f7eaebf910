using System.Buffers.Text;
using System.Text.Unicode;

namespace EngineIo.Protocol;

/// <summary>
/// Splits a long-polling request body into packets. The body must be contiguous and writable: base64 records are
/// decoded in place (decoded bytes are never longer than their encoding), so reading allocates nothing.
/// </summary>
internal struct PollingPayloadReader(Memory<byte> payload) : IPollingPayloadReader
{
    private Memory<byte> _remaining = payload;
    private bool _done;

    /// <summary>
    /// Reads the next record. Returns false at the end of the payload, or with <paramref name="malformed"/> set when a
    /// record is empty, has an unknown type, invalid base64 or text that is not UTF-8, in which case the rest of the
    /// payload is not read.
    /// </summary>
    public bool TryRead(out EnginePacket packet, out bool malformed)
    {
        packet = default;
        malformed = false;
        if (_done)
        {
            return false;
        }

        Memory<byte> record;
        var separator = _remaining.Span.IndexOf(PollingPayloadWriter.RecordSeparator);
        if (separator < 0)
        {
            record = _remaining;
            _done = true;
        }
        else
        {
            record = _remaining[..separator];
            _remaining = _remaining[(separator + 1)..];
        }

        if (!record.IsEmpty && record.Span[0] == PollingPayloadWriter.BinaryMarker)
        {
            var encoded = record[1..];
            if (Base64.DecodeFromUtf8InPlace(encoded.Span, out var written) != System.Buffers.OperationStatus.Done)
            {
                malformed = true;
                _done = true;
                return false;
            }

            packet = EnginePacket.BinaryMessage(encoded[..written]);
            return true;
        }

        // A text packet must be UTF-8, as a WebSocket text frame must be (that one is refused with 1007): the layer
        // above reads it as text.
        if (!Utf8.IsValid(record.Span) || !EnginePacketReader.TryRead(record, out packet))
        {
            malformed = true;
            _done = true;
            return false;
        }

        return true;
    }
}
