using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace EngineIo.Protocol;

/// <summary>
/// Splits a protocol v3 polling request body into packets: text records <c>&lt;length&gt;:&lt;packet&gt;</c> (the length
/// in UTF-16 code units, as the reference's JavaScript strings count it), or the binary payload format that a client
/// with binary support posts as <c>application/octet-stream</c>. The body must be contiguous and writable: base64 is
/// decoded in place, so reading allocates nothing.
/// </summary>
/// <remarks>
/// Stricter than the reference, which lets some oddities through as packets of no type: anything that is not a
/// well-formed record of a known packet is malformed, and closes the session.
/// </remarks>
internal struct PollingPayloadReaderV3(Memory<byte> payload, bool binaryFormat) : IPollingPayloadReader
{
    /// <summary>More digits than this cannot be a length within any payload limit.</summary>
    private const int MaxLengthDigits = 9;

    private Memory<byte> _remaining = payload;
    private bool _started;
    private bool _done;

    /// <summary>
    /// Reads the next packet. Returns false at the end of the payload, or with <paramref name="malformed"/> set, in which
    /// case the rest of the payload is not read.
    /// </summary>
    public bool TryRead(out EnginePacket packet, out bool malformed)
    {
        packet = default;
        malformed = false;
        if (_done)
        {
            return false;
        }

        if (!_started)
        {
            _started = true;
            if (!binaryFormat && (_remaining.IsEmpty || !Utf8.IsValid(_remaining.Span)))
            {
                // An empty text payload is an error in the reference too.
                return Fail(out malformed);
            }
        }

        while (!_remaining.IsEmpty)
        {
            var read = binaryFormat ? TryReadBinaryRecord(out packet) : TryReadTextRecord(out packet);
            switch (read)
            {
                case RecordResult.Packet:
                    return true;
                case RecordResult.Malformed:
                    return Fail(out malformed);
            }
        }

        _done = true;
        return false;
    }

    private bool Fail(out bool malformed)
    {
        malformed = true;
        _done = true;
        return false;
    }

    private RecordResult TryReadTextRecord(out EnginePacket packet)
    {
        packet = default;
        var span = _remaining.Span;
        var separator = span[..Math.Min(span.Length, MaxLengthDigits + 1)].IndexOf(EngineProtocolV3.LengthSeparator);
        if (separator <= 0 || !TryParseDigits(span[..separator], ascii: true, out var units))
        {
            return RecordResult.Malformed;
        }

        var start = separator + 1;
        if (!TryMeasureUtf16(span[start..], units, out var bytes))
        {
            return RecordResult.Malformed;
        }

        var record = _remaining.Slice(start, bytes);
        _remaining = _remaining[(start + bytes)..];
        if (record.IsEmpty)
        {
            // The reference skips an empty record.
            return RecordResult.Skipped;
        }

        return TryDecodeText(record, out packet) ? RecordResult.Packet : RecordResult.Malformed;
    }

    private RecordResult TryReadBinaryRecord(out EnginePacket packet)
    {
        packet = default;
        var span = _remaining.Span;
        var kind = span[0];
        var end = span[1..Math.Min(span.Length, MaxLengthDigits + 2)].IndexOf(EngineProtocolV3.BinaryLengthEnd);
        if (kind > EngineProtocolV3.BinaryRecord || end <= 0 || !TryParseDigits(span.Slice(1, end), ascii: false, out var length))
        {
            return RecordResult.Malformed;
        }

        var start = end + 2;
        if (length == 0 || span.Length - start < length)
        {
            return RecordResult.Malformed;
        }

        var record = _remaining.Slice(start, length);
        _remaining = _remaining[(start + length)..];
        if (kind == EngineProtocolV3.TextRecord)
        {
            return Utf8.IsValid(record.Span) && TryDecodeText(record, out packet) ? RecordResult.Packet : RecordResult.Malformed;
        }

        if (record.Span[0] != EngineProtocolV3.BinaryMessageType)
        {
            return RecordResult.Malformed;
        }

        packet = EnginePacket.BinaryMessage(record[1..]);
        return RecordResult.Packet;
    }

    /// <summary>A text packet: a type digit and its data, or <c>b4</c> and the base64 of a binary message.</summary>
    private static bool TryDecodeText(Memory<byte> record, out EnginePacket packet)
    {
        if (record.Span[0] != EngineProtocolV3.Base64Marker)
        {
            return EnginePacketReader.TryRead(record, out packet);
        }

        packet = default;
        if (record.Length < 2 || record.Span[1] != (byte)EnginePacketType.Message)
        {
            return false;
        }

        var encoded = record[2..];
        if (Base64.DecodeFromUtf8InPlace(encoded.Span, out var written) != OperationStatus.Done)
        {
            return false;
        }

        packet = EnginePacket.BinaryMessage(encoded[..written]);
        return true;
    }

    /// <summary>
    /// How many bytes of valid UTF-8 make <paramref name="units"/> UTF-16 code units; false if the text ends first, or
    /// if the count ends inside a character (half of a surrogate pair).
    /// </summary>
    private static bool TryMeasureUtf16(ReadOnlySpan<byte> utf8, int units, out int bytes)
    {
        bytes = 0;
        var counted = 0;
        while (counted < units)
        {
            if (bytes >= utf8.Length)
            {
                return false;
            }

            var lead = utf8[bytes];
            if (lead < 0x80)
            {
                // ASCII runs are the common case: take them a byte at a time without further checks.
                bytes++;
                counted++;
                continue;
            }

            var (length, width) = lead switch
            {
                >= 0xf0 => (4, 2),
                >= 0xe0 => (3, 1),
                _ => (2, 1),
            };
            if (counted + width > units)
            {
                return false;
            }

            bytes += length;
            counted += width;
        }

        return bytes <= utf8.Length;
    }

    /// <summary>Parses a length: ASCII digits (text records), or the values 0-9 themselves (binary records).</summary>
    private static bool TryParseDigits(ReadOnlySpan<byte> digits, bool ascii, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > MaxLengthDigits)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            var d = ascii ? digit - (byte)'0' : digit;
            if (d is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private enum RecordResult
    {
        Packet,
        Skipped,
        Malformed,
    }
}
