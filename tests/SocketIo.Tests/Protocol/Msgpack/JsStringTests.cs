using System.Buffers;
using System.Text;
using System.Text.Json;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Tests.Protocol.Msgpack;

/// <summary>Strings as <c>JSON.stringify</c> writes them, whether they are put together on the stack or in a pooled array.</summary>
public sealed class JsStringTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(300)]
    public void Write_EscapesOnlyWhatJsonStringifyEscapes(int repeat)
    {
        var unit = "a\"b\\c\n\u0001é\u2028<>&";
        var expectedUnit = "a\\\"b\\\\c\\n\\u0001é\u2028<>&";
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            JsString.Write(writer, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, repeat))));
        }

        Assert.Equal("\"" + string.Concat(Enumerable.Repeat(expectedUnit, repeat)) + "\"", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Write_InvalidUtf8_ReplacementCharacter()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            JsString.Write(writer, [0x61, 0xff, 0x62]);
        }

        Assert.Equal("\"a\uFFFDb\"", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
