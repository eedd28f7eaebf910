using System.Text;
using EngineIo.Protocol;

namespace EngineIo.Tests.Protocol;

/// <summary>Splitting a polling request body into packets: 0x1e separators, 'b' + base64 for binary.</summary>
public sealed class PollingPayloadReaderTests
{
    /// <summary>Payloads and the packets they hold, each written as "type:data", or "b:hex" for binary.</summary>
    public static TheoryData<string, string[]> WellFormed => new()
    {
        { "4hello", ["4:hello"] },
        { "4", ["4:"] },
        { "4a\u001e4b", ["4:a", "4:b"] },
        { "4\u001e4", ["4:", "4:"] },
        { "bAQID", ["b:010203"] },
        { "b", ["b:"] },
        { "bAA==", ["b:00"] },
        { "bAAE=", ["b:0001"] },
        { "b+/8=", ["b:FBFF"] },
        { "4a\u001ebAQID\u001e4é€", ["4:a", "b:010203", "4:é€"] },
        { "2probe\u001e3\u001e5\u001e6\u001e1\u001e0", ["2:probe", "3:", "5:", "6:", "1:", "0:"] },
    };

    /// <summary>Payloads with a bad record, and the packets read before it.</summary>
    public static TheoryData<string, string[]> Malformed => new()
    {
        { "", [] },
        { "abc", [] },
        { "9", [] },
        { "\u001e", [] },
        { "\u001e4a", [] },
        { "4a\u001e", ["4:a"] },
        { "4a\u001e\u001e4b", ["4:a"] },
        { "4a\u001e7\u001e4b", ["4:a"] },
        { "b!!!", [] },
        { "bAQI", [] },
        { "bAQID=", [] },
        { "4a\u001eb!\u001e4b", ["4:a"] },
        { "4b\u001eb4", ["4:b"] },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void TryRead_WellFormed_AllPacketsThenEnd(string payload, string[] expected)
    {
        var (packets, malformed) = ReadAll(payload);

        Assert.Equal(expected, packets);
        Assert.False(malformed);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_Malformed_PacketsBeforeThenMalformedThenEnd(string payload, string[] expected)
    {
        var (packets, malformed) = ReadAll(payload);

        Assert.Equal(expected, packets);
        Assert.True(malformed);
    }

    /// <summary>Bodies (as hex) whose text is not UTF-8, and the packets read before the record that holds it.</summary>
    public static TheoryData<string, string[]> InvalidUtf8 => new()
    {
        { "34FF", [] },
        { "3461C3", [] },
        { "34EDA080", [] },
        { "34C0AF", [] },
        { "34F4908080", [] },
        { "34611E3462FE", ["4:a"] },
        { "34FF1E3461", [] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void TryRead_TextNotUtf8_Malformed(string hex, string[] expected)
    {
        var reader = new PollingPayloadReader(Convert.FromHexString(hex));
        var packets = new List<string>();
        bool malformed;
        while (reader.TryRead(out var packet, out malformed))
        {
            packets.Add(Describe(packet));
        }

        Assert.Equal(expected, packets);
        Assert.True(malformed);
    }

    [Fact]
    public void TryRead_AfterEnd_KeepsReturningFalse()
    {
        var reader = new PollingPayloadReader("4a"u8.ToArray());

        Assert.True(reader.TryRead(out _, out _));
        Assert.False(reader.TryRead(out _, out var malformed1));
        Assert.False(reader.TryRead(out _, out var malformed2));
        Assert.False(malformed1 || malformed2);
    }

    [Fact]
    public void TryRead_AfterMalformed_StopsWithoutMalformed()
    {
        var reader = new PollingPayloadReader("x\u001e4a"u8.ToArray());

        Assert.False(reader.TryRead(out _, out var malformed));
        Assert.True(malformed);
        Assert.False(reader.TryRead(out _, out malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void TryRead_Text_DataIsSliceOfPayload()
    {
        var payload = "4abc\u001e4de"u8.ToArray();
        var reader = new PollingPayloadReader(payload);

        Assert.True(reader.TryRead(out var first, out _));
        Assert.True(reader.TryRead(out var second, out _));

        Assert.True(payload.AsSpan().Overlaps(first.Data.Span, out var firstOffset));
        Assert.True(payload.AsSpan().Overlaps(second.Data.Span, out var secondOffset));
        Assert.Equal((1, 6), (firstOffset, secondOffset));
    }

    /// <summary>Reads a payload to its end, describing each packet as "type:data" ("b:hex" for binary).</summary>
    internal static (string[] Packets, bool Malformed) ReadAll(string payload)
    {
        var reader = new PollingPayloadReader(Encoding.UTF8.GetBytes(payload));
        var packets = new List<string>();
        bool malformed;
        while (reader.TryRead(out var packet, out malformed))
        {
            packets.Add(Describe(packet));
        }

        return ([.. packets], malformed);
    }

    internal static string Describe(in EnginePacket packet) => packet.IsBinary
        ? "b:" + Convert.ToHexString(packet.Data.Span)
        : $"{(char)packet.Type}:{Encoding.UTF8.GetString(packet.Data.Span)}";
}
