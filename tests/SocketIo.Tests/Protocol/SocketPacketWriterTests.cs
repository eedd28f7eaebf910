using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapters;
using SocketIo.Internal;
using SocketIo.Protocol;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Protocol;

/// <summary>
/// Outbound packets, byte for byte as the reference encoder writes them: <c>/</c> never written, any other namespace
/// always followed by a comma, the ack id before the JSON, binary values replaced by numbered placeholders.
/// </summary>
public sealed class SocketPacketWriterTests
{
    /// <summary>The server's own JSON options, built the way the app configures them (with the test's context).</summary>
    private static readonly JsonSerializerOptions _options = CreateServerJsonOptions();

    [Fact]
    public void Encode_Event_NameThenArguments() =>
        AssertEncoded("""2["e",1]""", SocketPacketWriter.Encode("/", -1, "e", [1], _options));

    [Fact]
    public void Encode_EventInNamespace_NamespaceAndComma() =>
        AssertEncoded("""2/chat,["e"]""", SocketPacketWriter.Encode("/chat", -1, "e", [], _options));

    [Fact]
    public void Encode_EventWithAckId_IdBeforeJson() =>
        AssertEncoded("""212["e"]""", SocketPacketWriter.Encode("/", 12, "e", [], _options));

    [Fact]
    public void Encode_EventInNamespaceWithAckId_NamespaceThenId() =>
        AssertEncoded("""2/chat,3["e","a",true,null,1.5,2]""", SocketPacketWriter.Encode("/chat", 3, "e", ["a", true, null, 1.5, 2L], _options));

    [Fact]
    public void Encode_Ack_ArrayOfArguments() =>
        AssertEncoded("""35["x",{"y":null}]""", SocketPacketWriter.Encode("/", 5, null, ["x", JsonElementOf("""{"y":null}""")], _options));

    [Fact]
    public void Encode_AckWithoutArguments_EmptyArray() =>
        AssertEncoded("3/x,7[]", SocketPacketWriter.Encode("/x", 7, null, [], _options));

    [Fact]
    public void Encode_ByteArray_BinaryEventWithPlaceholder()
    {
        var packet = SocketPacketWriter.Encode("/", -1, "e", [new byte[] { 1, 2, 3 }], _options);

        AssertEncoded("""51-["e",{"_placeholder":true,"num":0}]""", packet, [1, 2, 3]);
    }

    [Fact]
    public void Encode_BinaryAck_TypeSixWithCountThenId()
    {
        var packet = SocketPacketWriter.Encode("/", 5, null, [new byte[] { 9 }], _options);

        AssertEncoded("""61-5[{"_placeholder":true,"num":0}]""", packet, [9]);
    }

    [Fact]
    public void Encode_BinaryInNamespaceWithAckId_CountNamespaceId()
    {
        var packet = SocketPacketWriter.Encode("/chat", 3, "b", [new byte[] { 1 }, new ReadOnlyMemory<byte>([2])], _options);

        AssertEncoded("""52-/chat,3["b",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", packet, [1], [2]);
    }

    [Fact]
    public void Encode_ByteArrayInsideObject_PlaceholdersNumberedDepthFirst()
    {
        var packet = SocketPacketWriter.Encode("/", -1, "upload", [new byte[] { 0xaa }, new FileChunk("a.txt", [0xbb, 0xcc])], _options);

        AssertEncoded(
            """52-["upload",{"_placeholder":true,"num":0},{"name":"a.txt","data":{"_placeholder":true,"num":1}}]""",
            packet,
            [0xaa],
            [0xbb, 0xcc]);
    }

    [Fact]
    public void Encode_TypedObject_SerializedWithConfiguredContext() =>
        AssertEncoded("""2["chat",{"user":"ann","text":"hi"}]""", SocketPacketWriter.Encode("/", -1, "chat", [new ChatMessage("ann", "hi")], _options));

    [Fact]
    public void Encode_JsonElement_WrittenAsItIs() =>
        AssertEncoded("""2["e",{"a":[1,2]}]""", SocketPacketWriter.Encode("/", -1, "e", [JsonElementOf("""{"a":[1,2]}""")], _options));

    /// <summary>
    /// JSON.stringify escapes only quotes, backslashes and control characters: non-ASCII and HTML-sensitive characters go
    /// out raw, and a client comparing frames (the official suite does) sees exactly that.
    /// </summary>
    [Fact]
    public void Encode_NonAsciiAndHtmlCharacters_WrittenRawLikeJsonStringify() =>
        AssertEncoded("""2["é","<a href='x'>&</a>","+"]""", SocketPacketWriter.Encode("/", -1, "é", ["<a href='x'>&</a>", "+"], _options));

    [Fact]
    public void EncodeControl_ConnectAnswer_SidObject() =>
        Assert.Equal("""0{"sid":"abc"}""", Encoding.UTF8.GetString(SocketPacketWriter.EncodeControl(SocketPacketType.Connect, "/", static w =>
        {
            w.WriteStartObject();
            w.WriteString("sid", "abc");
            w.WriteEndObject();
        })));

    [Theory]
    [InlineData("/", "1")]
    [InlineData("/chat", "1/chat,")]
    public void EncodeControl_Disconnect_NoPayload(string nsp, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(SocketPacketWriter.EncodeControl(SocketPacketType.Disconnect, nsp, payload: null)));

    [Fact]
    public void EncodeControl_ConnectError_NamespaceAndMessage() =>
        Assert.Equal("""4/x,{"message":"Invalid namespace"}""", Encoding.UTF8.GetString(SocketPacketWriter.EncodeControl(SocketPacketType.ConnectError, "/x", static w =>
        {
            w.WriteStartObject();
            w.WriteString("message", "Invalid namespace");
            w.WriteEndObject();
        })));

    /// <summary>Each packet owns its text: the next packet, written through the same per-thread buffer, leaves it alone.</summary>
    [Fact]
    public void Encode_TwoPacketsInARow_FirstTextUnchanged()
    {
        var first = SocketPacketWriter.Encode("/", -1, "first", ["a"], _options);
        var second = SocketPacketWriter.Encode("/", 1, null, ["bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"], _options);

        AssertEncoded("""2["first","a"]""", first);
        AssertEncoded("""31["bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]""", second);
    }

    [Fact]
    public void EncodeText_NoBinary_NoAttachmentListAndExactSizeText()
    {
        var text = SocketPacketWriter.EncodeText("/chat", 42, null, ["x", 1], _options, out var attachments);

        Assert.Null(attachments);
        Assert.Equal("""3/chat,42["x",1]""", Encoding.UTF8.GetString(text));
    }

    [Theory]
    [InlineData(0, "30[]")]
    [InlineData(9, "39[]")]
    [InlineData(10, "310[]")]
    [InlineData(long.MaxValue, "39223372036854775807[]")]
    public void Encode_AckIdDigits_WrittenInFull(long ackId, string expected) =>
        AssertEncoded(expected, SocketPacketWriter.Encode("/", ackId, null, [], _options));

    [Fact]
    public void Encode_TenAttachments_TwoDigitCount()
    {
        var args = Enumerable.Range(0, 10).Select(static i => (object?)new byte[] { (byte)i }).ToArray();

        var packet = SocketPacketWriter.Encode("/", -1, "e", args, _options);

        Assert.StartsWith("510-[", Encoding.UTF8.GetString(packet.Text.Span), StringComparison.Ordinal);
        Assert.Equal(10, packet.Attachments.Count);
    }

    [Fact]
    public void Encode_NonAsciiNamespace_Utf8InHeader() =>
        AssertEncoded("""2/café,["e"]""", SocketPacketWriter.Encode("/café", -1, "e", [], _options));

    /// <summary>
    /// A converter that encodes a packet of its own while the outer one is being written gets a buffer and an
    /// attachment list of its own: neither packet sees the other's bytes or attachments.
    /// </summary>
    [Fact]
    public void Encode_ConverterEncodesAPacket_BothPacketsIntact()
    {
        var converter = new ReentrantConverter(_options);
        var options = new JsonSerializerOptions(_options);
        options.Converters.Add(converter);

        var outer = SocketPacketWriter.Encode("/", -1, "outer", [new byte[] { 1 }, new Reentrant("in"), "after", new byte[] { 3 }], options);

        AssertEncoded(
            """52-["outer",{"_placeholder":true,"num":0},{"inner":44},"after",{"_placeholder":true,"num":1}]""",
            outer,
            [1],
            [3]);
        AssertEncoded("""51-4["in",{"_placeholder":true,"num":0},"x"]""", Assert.Single(converter.Encoded), [2]);
    }

    /// <summary>A packet whose serialization failed leaves nothing behind: the next one starts from an empty buffer and
    /// byte arrays outside a packet are base64 again.</summary>
    [Fact]
    public void Encode_SerializationThrows_NextPacketClean()
    {
        var options = new JsonSerializerOptions(_options);
        options.Converters.Add(new ThrowingConverter());

        Assert.Throws<InvalidOperationException>(() => SocketPacketWriter.Encode("/", -1, "e", [new byte[] { 1 }, "half", new Reentrant("boom")], options));

        AssertEncoded("""2["e",1]""", SocketPacketWriter.Encode("/", -1, "e", [1], _options));
        Assert.Equal("\"AQ==\"", JsonSerializer.Serialize(new byte[] { 1 }, _options.GetTypeInfo(typeof(byte[]))));
    }

    /// <summary>The thread keeps its attachment list for the next packet, but not the application's byte arrays.</summary>
    [Fact]
    public void Encode_WithAttachments_ThreadKeepsNoReferenceToThem()
    {
        var packet = SocketPacketWriter.Encode("/", -1, "e", [new byte[] { 1 }, new byte[] { 2 }], _options);

        Assert.Equal(2, packet.Attachments.Count);
        Assert.Equal(0, SocketPacketWriter.RetainedAttachmentCount);
    }

    /// <summary>A thread keeps its buffer for the next packet, but not one grown past the cap by a very large packet.</summary>
    [Fact]
    public void Encode_VeryLargePacket_ThreadDoesNotKeepTheBigBuffer()
    {
        var large = new string('x', 200_000);

        var packet = SocketPacketWriter.Encode("/", -1, "e", [large], _options);

        Assert.Equal(200_000 + """2["e",""]""".Length, packet.Text.Length);
        Assert.InRange(SocketPacketWriter.RetainedBufferCapacity, 0, SocketPacketWriter.MaxRetainedBufferBytes);
        SocketPacketWriter.Encode("/", -1, "e", ["small"], _options);
        Assert.InRange(SocketPacketWriter.RetainedBufferCapacity, 1, SocketPacketWriter.MaxRetainedBufferBytes);
    }

    private static void AssertEncoded(string expectedText, SocketIoPacket packet, params byte[][] expectedAttachments)
    {
        Assert.Equal(expectedText, Encoding.UTF8.GetString(packet.Text.Span));
        Assert.Equal(expectedAttachments, packet.Attachments.Select(static a => a.ToArray()));
    }

    private static JsonElement JsonElementOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonSerializerOptions CreateServerJsonOptions()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSocketIo(TestJsonContext.Configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SocketIoServer>().JsonOptions;
    }

    private sealed record Reentrant(string EventName);

    /// <summary>Writes <c>{"inner":N}</c>, N being the length of a packet it encodes on the same thread meanwhile.</summary>
    private sealed class ReentrantConverter(JsonSerializerOptions innerOptions) : JsonConverter<Reentrant>
    {
        public List<SocketIoPacket> Encoded { get; } = [];

        public override Reentrant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Reentrant value, JsonSerializerOptions options)
        {
            var packet = SocketPacketWriter.Encode("/", 4, value.EventName, [new byte[] { 2 }, "x"], innerOptions);
            Encoded.Add(packet);
            writer.WriteStartObject();
            writer.WriteNumber("inner", packet.Text.Length);
            writer.WriteEndObject();
        }
    }

    private sealed class ThrowingConverter : JsonConverter<Reentrant>
    {
        public override Reentrant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Reentrant value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("partial");
            throw new InvalidOperationException(value.EventName);
        }
    }
}
