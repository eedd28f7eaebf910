using System.Buffers;
using CsCheck;
using EngineIo.Protocol;

namespace EngineIo.Tests.Properties;

/// <summary>
/// Engine.IO packets and polling payloads, over generated packets and arbitrary bytes: what is written reads back the
/// same, and no input makes a reader throw or read on after it said the payload was malformed.
/// </summary>
public sealed class EnginePacketProperties
{
    /// <summary>Bytes with the payload's own characters (type digits, the separator, 'b', base64) over-represented.</summary>
    internal static readonly Gen<byte[]> PayloadBytes = Gen.Frequency(
        (3, Gen.Byte),
        (2, Gen.OneOf((byte)'0', (byte)'4', (byte)'6', (byte)'7', (byte)'b', (byte)0x1e, (byte)'=', (byte)'A', (byte)'+', (byte)' '))).Array[0, 64];

    /// <summary>Text packets carry UTF-8 (a reader refuses other bytes as a parse error), without the separator.</summary>
    private static readonly Gen<OutboundPacket> _text =
        Gen.Select(Gen.Byte[(byte)'0', (byte)'6'], Gen.Char.Where(c => c != (char)PollingPayloadWriter.RecordSeparator).Array[0, 40],
            (type, chars) => new OutboundPacket((EnginePacketType)type, System.Text.Encoding.UTF8.GetBytes(chars), isBinary: false));

    private static readonly Gen<OutboundPacket> _binary =
        Gen.Byte.Array[0, 40].Select(data => new OutboundPacket(EnginePacketType.Message, data, isBinary: true));

    [Fact]
    public void TryRead_AnyBytes_AcceptsExactlyATypeDigitFirst()
    {
        PayloadBytes.Sample(bytes =>
        {
            var accepted = EnginePacketReader.TryRead(bytes, out var packet);
            Assert.Equal(bytes.Length > 0 && bytes[0] is >= (byte)'0' and <= (byte)'6', accepted);
            if (accepted)
            {
                Assert.Equal((EnginePacketType)bytes[0], packet.Type);
                Assert.False(packet.IsBinary);
                Assert.Equal(bytes.AsSpan(1), packet.Data.Span);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void TextPacket_WrittenThenRead_SameTypeAndData()
    {
        _text.Sample(packet =>
        {
            var output = new ArrayBufferWriter<byte>();
            PollingPayloadWriter.Write(packet, output, separated: false);
            Assert.Equal(packet.WebSocketLength, output.WrittenCount);
            Assert.True(EnginePacketReader.TryRead(output.WrittenMemory, out var read));
            Assert.Equal(packet.Type, read.Type);
            Assert.Equal(packet.Data.Span, read.Data.Span);
        }, iter: 5_000);
    }

    [Fact]
    public void Payload_WrittenThenRead_SamePacketsInOrder()
    {
        Gen.Frequency((3, _text), (1, _binary)).Array[1, 8].Sample(packets =>
        {
            var output = new ArrayBufferWriter<byte>();
            PollingPayloadWriter.Write(packets, output);
            Assert.Equal(PollingPayloadWriter.GetLength(packets), output.WrittenCount);

            var reader = new PollingPayloadReader(output.WrittenSpan.ToArray());
            foreach (var expected in packets)
            {
                Assert.True(reader.TryRead(out var read, out var malformed));
                Assert.False(malformed);
                Assert.Equal(expected.IsBinary, read.IsBinary);
                Assert.Equal(expected.IsBinary ? EnginePacketType.Message : expected.Type, read.Type);
                Assert.Equal(expected.Data.Span, read.Data.Span);
            }

            Assert.False(reader.TryRead(out _, out var trailing));
            Assert.False(trailing);
        }, iter: 5_000);
    }

    [Fact]
    public void PayloadReader_AnyBytes_EndsOnceWithoutThrowing()
    {
        PayloadBytes.Sample(bytes =>
        {
            var records = bytes.AsSpan().Count(PollingPayloadWriter.RecordSeparator) + 1;
            var reader = new PollingPayloadReader(bytes.ToArray());
            var read = 0;
            bool malformed;
            while (reader.TryRead(out var packet, out malformed))
            {
                read++;
                Assert.True(packet.IsBinary || packet.Type is >= EnginePacketType.Open and <= EnginePacketType.Noop);
            }

            Assert.True(read + (malformed ? 1 : 0) <= records);
            // Once it has said false, it says false for good: a malformed payload's rest is never read.
            Assert.False(reader.TryRead(out _, out var again));
            Assert.False(again);
        }, iter: 20_000);
    }

    [Fact]
    public void PayloadReader_BinaryRecordOfAnyBase64_DecodesAsTheRuntimeDoes()
    {
        Gen.Byte.Array[0, 48].Sample(data =>
        {
            var record = "b"u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(data))).ToArray();
            var reader = new PollingPayloadReader(record);
            Assert.True(reader.TryRead(out var packet, out _));
            Assert.True(packet.IsBinary);
            Assert.Equal(data, packet.Data.ToArray());
        }, iter: 5_000);
    }
}
