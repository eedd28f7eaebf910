using System.Text;
using MessagePack;
using SocketIo.Protocol.Msgpack;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Tests;

/// <summary>
/// MessagePack from Node to the JSON its clients get: each expected text is what <c>JSON.stringify(notepack.decode(bytes))</c>
/// printed with notepack.io 3.0.1 on Node 20 (so JavaScript's key order, number printing and date strings).
/// </summary>
public sealed class NotepackTests
{
    [Theory]
    // Keys that are array indices come first, in ascending order, as in any JavaScript object.
    [InlineData("85a13204a2313003a16201a16102a2303105", """{"2":4,"10":3,"b":1,"a":2,"01":5}""")]
    [InlineData("9ccb3ff8000000000000cbbeb0c6f7a0b5ed8dcf35c9adc5dea00000cb3e7ad7f29abcaf48cfb14e9f812f368000cf0020000000000002d3f000000000000000cb3fd3333333333334cb0000000000000001d3000000000000000064d0df",
        "[1.5,-0.000001,3875820019684212700,1e-7,12776324570088374000,9007199254740994,-1152921504606847000,0.30000000000000004,5e-324,0,100,-33]")]
    [InlineData("82a66e657374656481a13393c3c2c0a178a8c3a9e280a80a0122", "{\"nested\":{\"3\":[true,false,null]},\"x\":\"é\u2028\\n\\u0001\\\"\"}")]
    [InlineData("81a16baf611f62e280a8637ff09f98803c3e26", "{\"k\":\"a\\u001fb\u2028c\u007f😀<>&\"}")]
    // Timestamps 64 and 96, before 1970 and past 2514.
    [InlineData("d7ff01312d00f4865700", "\"2100-01-01T00:00:00.005Z\"")]
    [InlineData("c70cff00000000ffffffffffffffff", "\"1969-12-31T23:59:59.000Z\"")]
    [InlineData("c70cff0000000000000004a0fe7280", "\"2600-01-01T00:00:00.000Z\"")]
    // notepack 2's undefined (fixext 1, type 0): no property in an object, null in an array.
    [InlineData("82a161d40000a16292d4000001", """{"b":[null,1]}""")]
    [InlineData("91cfffffffffffffffff", "[18446744073709552000]")]
    // A repeated key: its first place, its last value.
    [InlineData("83a16101a16202a16103", """{"a":3,"b":2}""")]
    public void Decode_AsJavaScriptPrintsIt(string hex, string expected)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var reader = new MessagePackReader(Convert.FromHexString(hex));

        var json = RedisMessageCodec.ToJson(ref reader, attachments);

        Assert.Equal(expected, Encoding.UTF8.GetString(json.Span));
        Assert.True(reader.End);
        Assert.Empty(attachments);
    }

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-1.7976931348623157e308, "-1.7976931348623157e+308")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e300, "1e+300")]
    [InlineData(1.1805916207174113e21, "1.1805916207174113e+21")]
    [InlineData(1.2e-5, "0.000012")]
    [InlineData(-2.5e-8, "-2.5e-8")]
    [InlineData(4.35, "4.35")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(99999999999999990000d, "99999999999999980000")]
    public void JsNumber_AsNumberToString(double value, string expected) => Assert.Equal(expected, JsNumber.Format(value));

    [Theory]
    // Truncated, an unknown format byte, a timestamp of a wrong length, a key that is an array.
    [InlineData("92a161")]
    [InlineData("c1")]
    [InlineData("d5ff0000")]
    [InlineData("8191a161a162")]
    public void Decode_Malformed_InvalidDataException(string hex)
    {
        var reader = new MessagePackReader(Convert.FromHexString(hex));
        var attachments = new List<ReadOnlyMemory<byte>>();
        try
        {
            RedisMessageCodec.ToJson(ref reader, attachments);
            Assert.Fail("Expected InvalidDataException.");
        }
        catch (InvalidDataException)
        {
        }
    }

    [Fact]
    public void Decode_NestedPastTheLimit_InvalidDataException()
    {
        var bytes = Enumerable.Repeat((byte)0x91, Notepack.MaxDepth + 2).Append((byte)0xc0).ToArray();
        var reader = new MessagePackReader(bytes);
        var attachments = new List<ReadOnlyMemory<byte>>();
        try
        {
            RedisMessageCodec.ToJson(ref reader, attachments);
            Assert.Fail("Expected InvalidDataException.");
        }
        catch (InvalidDataException)
        {
        }
    }

    [Fact]
    public void Decode_BinaryAndOtherExtensions_PlaceholdersInOrder()
    {
        // [bin 01 02, ext type 5 of 2 bytes (notepack: [5, Buffer]), {"k": bin ff}]
        var reader = new MessagePackReader(Convert.FromHexString("93c4020102d505aabb81a16bc401ff"));
        var attachments = new List<ReadOnlyMemory<byte>>();

        var json = RedisMessageCodec.ToJson(ref reader, attachments);

        Assert.Equal("""[{"_placeholder":true,"num":0},[5,{"_placeholder":true,"num":1}],{"k":{"_placeholder":true,"num":2}}]""", Encoding.UTF8.GetString(json.Span));
        Assert.Equal(["0102", "AABB", "FF"], attachments.Select(static a => Convert.ToHexString(a.Span)));
    }
}
