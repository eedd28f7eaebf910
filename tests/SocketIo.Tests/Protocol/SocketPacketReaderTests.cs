using System.Text;
using SocketIo.Protocol;

namespace SocketIo.Tests.Protocol;

/// <summary>
/// The packet header <c>&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;]</c> and the payload check per type, against the
/// reference decoder's rules (socket.io-parser 4.2.7). The inputs are Engine.IO message payloads, so whole packets.
/// </summary>
public sealed class SocketPacketReaderTests
{
    /// <summary>The reference decoder's limit, and the server's default.</summary>
    private const int MaxAttachments = 10;

    [Theory]
    [InlineData("0", 0, 0, "/", -1, "")]
    [InlineData("""0{"token":"abc"}""", 0, 0, "/", -1, """{"token":"abc"}""")]
    [InlineData("0/chat,", 0, 0, "/chat", -1, "")]
    [InlineData("0/chat", 0, 0, "/chat", -1, "")]
    [InlineData("""0/chat,{"a":1}""", 0, 0, "/chat", -1, """{"a":1}""")]
    [InlineData("1", 1, 0, "/", -1, "")]
    [InlineData("1/chat,", 1, 0, "/chat", -1, "")]
    [InlineData("""2["e",1]""", 2, 0, "/", -1, """["e",1]""")]
    [InlineData("""212["e"]""", 2, 0, "/", 12, """["e"]""")]
    [InlineData("""2/chat,7["e"]""", 2, 0, "/chat", 7, """["e"]""")]
    [InlineData("""2999999999999999["e"]""", 2, 0, "/", 999_999_999_999_999, """["e"]""")]
    [InlineData("""2/a12["x"]""", 2, 0, """/a12["x"]""", -1, "")]
    [InlineData("3456[1]", 3, 0, "/", 456, "[1]")]
    [InlineData("3/chat,0[]", 3, 0, "/chat", 0, "[]")]
    [InlineData("""4{"message":"m"}""", 4, 0, "/", -1, """{"message":"m"}""")]
    [InlineData("""51-["e",{"_placeholder":true,"num":0}]""", 5, 1, "/", -1, """["e",{"_placeholder":true,"num":0}]""")]
    [InlineData("""52-/chat,3["e"]""", 5, 2, "/chat", 3, """["e"]""")]
    [InlineData("""510-["e"]""", 5, 10, "/", -1, """["e"]""")]
    [InlineData("""61-5[{"_placeholder":true,"num":0}]""", 6, 1, "/", 5, """[{"_placeholder":true,"num":0}]""")]
    public void TryReadHeader_ValidPacket_ReadsEveryPart(string packet, int type, int attachments, string nsp, long ackId, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);

        Assert.True(SocketPacketReader.TryReadHeader(bytes, MaxAttachments, out var header));

        Assert.Equal((SocketPacketType)type, header.Type);
        Assert.Equal(attachments, header.Attachments);
        Assert.Equal(nsp, NamespaceOf(bytes, header));
        Assert.Equal(ackId, header.AckId);
        Assert.Equal(payload, Encoding.UTF8.GetString(bytes.AsSpan(header.PayloadStart)));
        Assert.Equal(type is 5 or 6, header.IsBinary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7[]")]
    [InlineData("8")]
    [InlineData("a")]
    [InlineData("/chat,")]
    [InlineData("-1")]
    public void TryReadHeader_UnknownType_False(string packet) => AssertInvalidHeader(packet);

    [Theory]
    [InlineData("""5["e"]""")]
    [InlineData("""6["e"]""")]
    [InlineData("""51["x"]""")]
    [InlineData("""5["a-b"]""")]
    public void TryReadHeader_AttachmentCountWithoutDash_False(string packet) => AssertInvalidHeader(packet);

    [Theory]
    [InlineData("""5-["e"]""")]
    [InlineData("""5-1["x"]""")]
    [InlineData("""5x-["e"]""")]
    [InlineData("""51.5-["x"]""")]
    public void TryReadHeader_MalformedAttachmentCount_False(string packet) => AssertInvalidHeader(packet);

    /// <summary>The reference refuses a count below 1 ("Illegal attachments"): a binary packet has at least one.</summary>
    [Theory]
    [InlineData("""50-["x"]""")]
    [InlineData("""60-1[]""")]
    public void TryReadHeader_ZeroAttachments_False(string packet) => AssertInvalidHeader(packet);

    [Theory]
    [InlineData("""511-["e"]""")]
    [InlineData("""6999999999999999-1[]""")]
    [InlineData("""59999999999999999-["e"]""")]
    public void TryReadHeader_MoreAttachmentsThanMax_False(string packet) => AssertInvalidHeader(packet);

    [Fact]
    public void TryReadHeader_MaxAttachments_IsTheLimitGiven()
    {
        var packet = """53-["e"]"""u8.ToArray();

        Assert.False(SocketPacketReader.TryReadHeader(packet, maxAttachments: 2, out _));
        Assert.True(SocketPacketReader.TryReadHeader(packet, maxAttachments: 3, out var header));
        Assert.Equal(3, header.Attachments);
    }

    [Theory]
    [InlineData("""29999999999999999["e"]""")]
    [InlineData("""29223372036854775808["e"]""")]
    [InlineData("""2/chat,12345678901234567890["e"]""")]
    [InlineData("""61-99999999999999999999[]""")]
    public void TryReadHeader_AckIdOverflow_False(string packet) => AssertInvalidHeader(packet);

    [Theory]
    [InlineData("0")]
    [InlineData("0{}")]
    [InlineData("""0{"token":"abc"}""")]
    [InlineData("""0/chat,{"a":1}""")]
    [InlineData("1")]
    [InlineData("1/chat,")]
    [InlineData("""2["e"]""")]
    [InlineData("""2["e",1,"2",{"3":[true]}]""")]
    [InlineData("""2[7,"a"]""")]
    [InlineData("""2["connection"]""")]
    [InlineData("""2["error","x"]""")]
    [InlineData("""2/chat,["e"]""")]
    [InlineData("31[]")]
    [InlineData("""3/chat,5["r"]""")]
    [InlineData("""51-["e",{"_placeholder":true,"num":0}]""")]
    [InlineData("""61-5[{"_placeholder":true,"num":0}]""")]
    public void IsPayloadValid_PayloadFitsType_True(string packet) => Assert.True(IsPayloadValid(packet), packet);

    [Theory]
    [InlineData("0[]")]
    [InlineData("""0"x" """)]
    [InlineData("0null")]
    [InlineData("0/chat,[]")]
    [InlineData("1{}")]
    [InlineData("""1"" """)]
    [InlineData("2[]")]
    [InlineData("2[null]")]
    [InlineData("2[true]")]
    [InlineData("2[{}]")]
    [InlineData("2{}")]
    [InlineData("""2"e" """)]
    [InlineData("""2abc["e"]""")]
    [InlineData("31{}")]
    [InlineData("""31"x" """)]
    [InlineData("""4{"message":"m"}""")]
    [InlineData("""4"m" """)]
    [InlineData("""51-{"_placeholder":true,"num":0}""")]
    [InlineData("""61-5{}""")]
    public void IsPayloadValid_PayloadDoesNotFitType_False(string packet) => Assert.False(IsPayloadValid(packet.TrimEnd()), packet);

    private static bool IsPayloadValid(string packet)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        Assert.True(SocketPacketReader.TryReadHeader(bytes, MaxAttachments, out var header), $"Header of {packet}");
        return SocketPacketReader.IsPayloadValid(header, bytes.AsSpan(header.PayloadStart));
    }

    private static void AssertInvalidHeader(string packet) =>
        Assert.False(SocketPacketReader.TryReadHeader(Encoding.UTF8.GetBytes(packet), MaxAttachments, out _), packet);

    private static string NamespaceOf(byte[] packet, SocketPacketHeader header) =>
        header.Namespace.Start.Value == header.Namespace.End.Value ? "/" : Encoding.UTF8.GetString(packet.AsSpan()[header.Namespace]);
}
