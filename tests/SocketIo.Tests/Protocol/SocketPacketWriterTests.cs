using System.Text;
using System.Text.Json;
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
}
