using System.Text;
using EngineIo.Protocol;

namespace EngineIo.Tests.Protocol;

/// <summary>One text packet: a WebSocket text frame, or one record of a polling payload.</summary>
public sealed class EnginePacketReaderTests
{
    [Theory]
    [InlineData("0", '0', "")]
    [InlineData("1", '1', "")]
    [InlineData("2", '2', "")]
    [InlineData("2probe", '2', "probe")]
    [InlineData("3", '3', "")]
    [InlineData("3probe", '3', "probe")]
    [InlineData("4", '4', "")]
    [InlineData("4hello", '4', "hello")]
    [InlineData("44", '4', "4")]
    [InlineData("4é€\u001e", '4', "é€\u001e")]
    [InlineData("5", '5', "")]
    [InlineData("6", '6', "")]
    public void TryRead_KnownType_TypeAndDataAfterDigit(string text, char type, string data)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.True(EnginePacketReader.TryRead(bytes, out var packet));

        Assert.Equal((EnginePacketType)type, packet.Type);
        Assert.False(packet.IsBinary);
        Assert.Equal(data, Encoding.UTF8.GetString(packet.Data.Span));
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("3foo")]
    [InlineData("5x")]
    [InlineData("6x")]
    public void TryRead_ControlPacketWithData_AcceptedAsTheReferenceDoes(string text)
    {
        Assert.True(EnginePacketReader.TryRead(Encoding.UTF8.GetBytes(text), out var packet));

        Assert.Equal((EnginePacketType)text[0], packet.Type);
        Assert.Equal(text[1..], Encoding.UTF8.GetString(packet.Data.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("9")]
    [InlineData("/")]
    [InlineData("abc")]
    [InlineData("b")]
    [InlineData("bAQID")]
    [InlineData(" 4")]
    [InlineData("\u001e4")]
    public void TryRead_EmptyOrUnknownType_False(string text)
    {
        Assert.False(EnginePacketReader.TryRead(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryRead_Data_IsASliceOfTheInput()
    {
        var bytes = "4hello"u8.ToArray();

        Assert.True(EnginePacketReader.TryRead(bytes, out var packet));

        Assert.True(bytes.AsSpan().Overlaps(packet.Data.Span, out var offset));
        Assert.Equal(1, offset);
    }
}
