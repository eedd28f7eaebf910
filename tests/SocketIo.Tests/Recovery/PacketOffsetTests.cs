using System.Text;
using SocketIo.Adapters;

namespace SocketIo.Tests.Recovery;

/// <summary><see cref="SocketIoPacket.WithOffset"/>: the offset goes in as the event's last argument, whatever the header.</summary>
public sealed class PacketOffsetTests
{
    [Theory]
    [InlineData("2[\"a\"]", "2[\"a\",\"7\"]")]
    [InlineData("2/chat,[\"a\",1,{\"b\":[2]}]", "2/chat,[\"a\",1,{\"b\":[2]},\"7\"]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", "51-[\"a\",{\"_placeholder\":true,\"num\":0},\"7\"]")]
    [InlineData("2[]", "2[\"7\"]")]
    public void WithOffset_AppendsTheOffsetAsLastArgument(string text, string expected)
    {
        var attachments = new ReadOnlyMemory<byte>[] { new byte[] { 1 } };
        var packet = new SocketIoPacket(Encoding.UTF8.GetBytes(text), attachments);

        var withOffset = packet.WithOffset("7");

        Assert.Equal(expected, Encoding.UTF8.GetString(withOffset.Text.Span));
        Assert.Equal("7", withOffset.Offset);
        Assert.Same(attachments, withOffset.Attachments);
        Assert.Equal(text, Encoding.UTF8.GetString(packet.Text.Span));
    }

    [Fact]
    public void WithOffset_OffsetIsJsonEscaped()
    {
        var packet = new SocketIoPacket("2[\"a\"]"u8.ToArray(), []);
        Assert.Equal("2[\"a\",\"1-\\\"0\"]", Encoding.UTF8.GetString(packet.WithOffset("1-\"0").Text.Span));
    }

    [Theory]
    [InlineData("0{\"sid\":\"x\"}")]
    [InlineData("1")]
    public void WithOffset_NotAnEvent_Throws(string text)
    {
        var packet = new SocketIoPacket(Encoding.UTF8.GetBytes(text), []);
        Assert.Throws<InvalidOperationException>(() => packet.WithOffset("1"));
    }
}
