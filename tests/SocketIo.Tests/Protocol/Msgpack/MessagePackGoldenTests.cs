using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Internal;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Protocol.Msgpack;

/// <summary>
/// The MessagePack parser against bytes <c>socket.io-msgpack-parser</c> wrote (golden.txt, made by
/// tests/SocketIo.InteropTests/client/msgpack-golden.mjs with the pinned version): what the server sends is byte for
/// byte what Node's server sends for the same packet, and what the official client sends decodes into the packet the
/// default parser would have given.
/// </summary>
public sealed class MessagePackGoldenTests
{
    private static readonly JsonSerializerOptions _options = CreateServerJsonOptions();

    private static readonly Dictionary<string, byte[]> _golden = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Protocol", "Msgpack", "golden.txt"))
        .Where(static line => line.Length > 0)
        .Select(static line => line.Split(' '))
        .ToDictionary(static parts => parts[0], static parts => Convert.FromHexString(parts[1]));

    [Fact]
    public void Encode_ConnectAnswer_AsNodeServer() =>
        AssertControl("server.connect", SocketPacketWriter.EncodeControl(SocketPacketType.Connect, "/", static w =>
        {
            w.WriteStartObject();
            w.WriteString("sid", "AbC-123_xyz");
            w.WriteEndObject();
        }));

    [Fact]
    public void Encode_ConnectErrorInNamespace_AsNodeServer() =>
        AssertControl("server.connectErrorCustom", SocketPacketWriter.EncodeControl(SocketPacketType.ConnectError, "/admin", static w =>
        {
            w.WriteStartObject();
            w.WriteString("message", "Invalid namespace");
            w.WriteEndObject();
        }));

    [Fact]
    public void Encode_Disconnect_AsNodeServer() =>
        AssertControl("server.disconnect", SocketPacketWriter.EncodeControl(SocketPacketType.Disconnect, "/chat", payload: null));

    [Fact]
    public void Encode_EventWithEveryKindOfValue_AsNodeServer()
    {
        using var value = JsonDocument.Parse("""{"text":"héllo ✓","n":42,"neg":-7,"big":1099511627776,"f":3.25,"nothing":null,"yes":true,"list":[1,"two",[]]}""");
        AssertEncoded("server.event", Encode("/", -1, "welcome", [value.RootElement, new string('x', 40)]));
    }

    [Fact]
    public void Encode_BinaryEvent_BinaryInlineAsBin()
    {
        var bytes = Encode("/chat", -1, "file", [new byte[] { 0, 1, 2, 255 }, new FileChunk("n", "hi"u8.ToArray())]);

        AssertEncoded("server.binaryEvent", bytes);
    }

    [Fact]
    public void Encode_EveryArgumentKind_DirectAndFromTextAgree()
    {
        using var element = JsonDocument.Parse("""{"s":"a\"b","n":[1.5,-3,1e300],"o":{}}""");
        Encode("/x", 42, "kinds", [null, true, false, 0, -1, int.MaxValue, long.MinValue, 2.0, 0.1, -1e-7, "", "é\u0001", element.RootElement,
            new byte[] { 1 }, new ReadOnlyMemory<byte>([2, 3]), new Memory<byte>([4]), new ArraySegment<byte>([9, 5, 9], 1, 1),
            new ChatMessage("bob", "hi"), new FileChunk("f", [6, 7]), new[] { 1, 2 }]);
    }

    [Fact]
    public void Encode_EventAskingForAck_IdAfterData() =>
        AssertEncoded("server.eventWithAck", Encode("/", 7, "ask", [1]));

    [Fact]
    public void Encode_BinaryAckWithLargeBuffer_Bin16AndUInt16Id() =>
        AssertEncoded("server.ack", Encode("/chat", 300, null, ["ok", Enumerable.Repeat((byte)7, 300).ToArray()]));

    [Fact]
    public void Encode_SharedPacket_SameBytesAndBuiltOnce()
    {
        var packet = SocketPacketWriter.Encode("/chat", -1, "file", [new byte[] { 0, 1, 2, 255 }, new FileChunk("n", "hi"u8.ToArray())], _options);

        var first = packet.WholeMessage(MessagePackPacketWriter.EncodePacket);

        Assert.Equal(Convert.ToHexString(_golden["server.binaryEvent"]), Convert.ToHexString(first));
        Assert.Same(first, packet.WholeMessage(MessagePackPacketWriter.EncodePacket));
    }

    [Fact]
    public void Decode_Connect_RootNamespaceNoAuth()
    {
        var packet = Decode("client.connect");

        Assert.Equal(SocketPacketType.Connect, packet.Header.Type);
        Assert.Equal("/", packet.Namespace);
        Assert.True(packet.Payload.IsEmpty);
    }

    [Fact]
    public void Decode_ConnectWithAuth_AuthAsJson()
    {
        var packet = Decode("client.connectWithAuth");

        Assert.Equal(SocketPacketType.Connect, packet.Header.Type);
        Assert.Equal("/chat", packet.Namespace);
        Assert.Equal("""{"token":"t0k","n":1}""", Encoding.UTF8.GetString(packet.Payload.Span));
    }

    [Fact]
    public void Decode_Event_OptionsIgnoredDataAsJson()
    {
        var packet = Decode("client.event");

        Assert.Equal(SocketPacketType.Event, packet.Header.Type);
        Assert.Equal("/", packet.Namespace);
        Assert.Equal(-1, packet.Header.AckId);
        Assert.Equal("""["json",{"a":1,"list":[true,null,"x"]},3.5,-200]""", Encoding.UTF8.GetString(packet.Payload.Span));
        Assert.Empty(packet.Attachments);
    }

    [Fact]
    public void Decode_BinaryEvent_BinAndArrayBufferBecomeAttachments()
    {
        var packet = Decode("client.binaryEvent");

        Assert.Equal(SocketPacketType.BinaryEvent, packet.Header.Type);
        Assert.Equal("/chat", packet.Namespace);
        Assert.Equal(12, packet.Header.AckId);
        Assert.Equal(
            """["binary",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},{"file":{"_placeholder":true,"num":2}}]""",
            Encoding.UTF8.GetString(packet.Payload.Span));
        Assert.Equal(3, packet.Header.Attachments);
        Assert.Equal([[9, 8], [7, 6, 5], "hey"u8.ToArray()], packet.Attachments.Select(static a => a.ToArray()));
    }

    [Fact]
    public void Decode_BinaryAck_IdZero()
    {
        var packet = Decode("client.ack");

        Assert.Equal(SocketPacketType.BinaryAck, packet.Header.Type);
        Assert.Equal(0, packet.Header.AckId);
        Assert.Equal("""[{"answer":1},{"_placeholder":true,"num":0}]""", Encoding.UTF8.GetString(packet.Payload.Span));
        Assert.Equal([1, 2], packet.Attachments.Single().ToArray());
    }

    [Fact]
    public void Decode_Disconnect_NoPayload()
    {
        var packet = Decode("client.disconnect");

        Assert.Equal(SocketPacketType.Disconnect, packet.Header.Type);
        Assert.Equal("/chat", packet.Namespace);
        Assert.True(packet.Payload.IsEmpty);
    }

    [Fact]
    public void Decode_AttachmentsAreCopies_TheMessageBufferMayBeReused()
    {
        var message = _golden["client.ack"].ToArray();
        Assert.True(MessagePackPacketReader.TryRead(message, out var packet));

        Array.Clear(message);

        Assert.Equal([1, 2], packet.Attachments.Single().ToArray());
    }

    /// <summary>
    /// Both ways the server encodes an event or ack: from the default parser's text (a broadcast, shared) and straight
    /// from the arguments (an emit or ack to one socket). They must agree byte for byte.
    /// </summary>
    private static byte[] Encode(string nsp, long ackId, string? eventName, object?[] args)
    {
        var text = SocketPacketWriter.EncodeText(nsp, ackId, eventName, args, _options, out var attachments);
        var fromText = MessagePackPacketWriter.Encode(text, attachments ?? []);
        var direct = MessagePackPacketWriter.EncodeEvent(nsp, ackId, eventName, args, _options);
        Assert.Equal(Convert.ToHexString(fromText), Convert.ToHexString(direct));
        return fromText;
    }

    private static InboundPacket Decode(string name)
    {
        Assert.True(MessagePackPacketReader.TryRead(_golden[name], out var packet));
        return packet;
    }

    /// <summary>A control packet, written in the default parser's form as the handshake writes it, then as MessagePack.</summary>
    private static void AssertControl(string name, byte[] text) => AssertEncoded(name, MessagePackPacketWriter.Encode(text, []));

    private static void AssertEncoded(string name, byte[] actual) =>
        Assert.Equal(Convert.ToHexString(_golden[name]), Convert.ToHexString(actual));

    private static JsonSerializerOptions CreateServerJsonOptions()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSocketIo(TestJsonContext.Configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SocketIoServer>().JsonOptions;
    }
}
