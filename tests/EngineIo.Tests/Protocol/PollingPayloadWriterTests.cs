using System.Buffers;
using System.Text;
using EngineIo.Protocol;

namespace EngineIo.Tests.Protocol;

/// <summary>Writing a polling response payload, and reading it back.</summary>
public sealed class PollingPayloadWriterTests
{
    public static TheoryData<string, string> Payloads => new()
    {
        { "4:hello", "4hello" },
        { "4:a|b:010203", "4a\u001ebAQID" },
        { "2:|4:x|6:", "2\u001e4x\u001e6" },
        { "4:", "4" },
        { "b:", "b" },
        { "b:00", "bAA==" },
        { "b:0001", "bAAE=" },
        { "b:FBFF", "b+/8=" },
        { "0:{\"sid\":\"x\"}|4:é€", "0{\"sid\":\"x\"}\u001e4é€" },
        { "1:", "1" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Write_Packets_ExactBytesAndLength(string packets, string expected)
    {
        var outbound = Parse(packets);
        var output = new ArrayBufferWriter<byte>();

        PollingPayloadWriter.Write(outbound, output);

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(output.WrittenCount, PollingPayloadWriter.GetLength(outbound));
    }

    [Fact]
    public void Write_NoPackets_NothingAndLengthZero()
    {
        var output = new ArrayBufferWriter<byte>();

        PollingPayloadWriter.Write([], output);

        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(0, PollingPayloadWriter.GetLength([]));
    }

    [Fact]
    public void GetLength_BinaryOfEverySizeUpTo100_EqualsWrittenLength()
    {
        for (var size = 0; size <= 100; size++)
        {
            OutboundPacket[] packets = [new(EnginePacketType.Message, Enumerable.Range(0, size).Select(static i => (byte)i).ToArray(), isBinary: true), Text("x")];
            var output = new ArrayBufferWriter<byte>();

            PollingPayloadWriter.Write(packets, output);

            Assert.True(PollingPayloadWriter.GetLength(packets) == output.WrittenCount, $"Binary of {size} bytes.");
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Write_ThenRead_RoundTrips(string packets, string unused)
    {
        _ = unused;
        var output = new ArrayBufferWriter<byte>();

        PollingPayloadWriter.Write(Parse(packets), output);
        var (read, malformed) = PollingPayloadReaderTests.ReadAll(Encoding.UTF8.GetString(output.WrittenSpan));

        Assert.False(malformed);
        Assert.Equal(packets.Split('|'), read);
    }

    [Fact]
    public void Write_ThenRead_ManyMixedPacketsRoundTrip()
    {
        var random = new Random(1234);
        var packets = new List<OutboundPacket>();
        var expected = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            if (i % 3 == 0)
            {
                packets.Add(new OutboundPacket(EnginePacketType.Message, data, isBinary: true));
                expected.Add("b:" + Convert.ToHexString(data));
            }
            else
            {
                var text = Convert.ToBase64String(data);
                packets.Add(Text(text));
                expected.Add("4:" + text);
            }
        }

        var output = new ArrayBufferWriter<byte>(16);
        PollingPayloadWriter.Write(packets.ToArray(), output);
        var (read, malformed) = PollingPayloadReaderTests.ReadAll(Encoding.UTF8.GetString(output.WrittenSpan));

        Assert.False(malformed);
        Assert.Equal(expected, read);
        Assert.Equal(output.WrittenCount, PollingPayloadWriter.GetLength(packets.ToArray()));
    }

    private static OutboundPacket Text(string data) => new(EnginePacketType.Message, Encoding.UTF8.GetBytes(data), isBinary: false);

    /// <summary>"4:hello|b:0102" → a text message and a binary message.</summary>
    private static OutboundPacket[] Parse(string packets) => [.. packets.Split('|').Select(static packet => packet[0] == 'b'
        ? new OutboundPacket(EnginePacketType.Message, Convert.FromHexString(packet[2..]), isBinary: true)
        : new OutboundPacket((EnginePacketType)packet[0], Encoding.UTF8.GetBytes(packet[2..]), isBinary: false))];
}
