using SocketIo.Redis.Internal;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The stream a namespace's entries go to, as Node's adapter computes it (the expected names were printed by Node 20
/// with the adapter's <c>hashCode</c>), and the stream ids that are offsets.
/// </summary>
public sealed class RedisStreamsNamingTests
{
    [Theory]
    [InlineData("/", "socket.io-3")]
    [InlineData("/admin", "socket.io-0")]
    [InlineData("/ünï", "socket.io-2")]
    [InlineData("/tenant/abcdef", "socket.io-1")]
    // A negative hash keeps its sign through JavaScript's %, and "-" + -2 is "--2"; -0 prints as "0".
    [InlineData("/namespace-number-1", "socket.io--2")]
    [InlineData("/zzzzzzzz", "socket.io--1")]
    [InlineData("/😀emoji", "socket.io-0")]
    public void StreamName_FourStreams_NodesHashModuloTheCount(string nsp, string expected) =>
        Assert.Equal(expected, RedisStreamsAdapter.StreamName(nsp, new RedisStreamsAdapterOptions { StreamCount = 4 }));

    [Fact]
    public void StreamName_OneStream_TheNameItself() =>
        Assert.Equal("s", RedisStreamsAdapter.StreamName("/any", new RedisStreamsAdapterOptions { StreamName = "s" }));

    [Theory]
    [InlineData("1796524290338-0", true)]
    [InlineData("0-0", true)]
    [InlineData("1796524290338", false)]
    [InlineData("-1", false)]
    [InlineData("1-", false)]
    [InlineData("1--1", false)]
    [InlineData("+1-2", false)]
    [InlineData("1-2 ", false)]
    [InlineData("99999999999999999999999-0", false)]
    public void StreamId_AcceptsWhatNodeAcceptsAsAnOffset(string text, bool valid) =>
        Assert.Equal(valid, StreamId.TryParse(text, out _));

    [Fact]
    public void StreamId_OrderAndNext()
    {
        Assert.True(StreamId.TryParse("5-9", out var a));
        Assert.True(StreamId.TryParse("10-0", out var b));
        Assert.True(a < b);
        Assert.Equal("5-10", a.Next().ToString());
        Assert.Equal("6-0", new StreamId(5, ulong.MaxValue).Next().ToString());
    }
}
