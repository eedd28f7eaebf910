using System.Buffers;
using MessagePack;
using SocketIo.Protocol;
using SocketIo.Protocol.Msgpack;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Protocol.Msgpack;

/// <summary>
/// A server with <see cref="SocketIoParser.MessagePack"/>, spoken to with raw frames: a message the MessagePack parser
/// cannot take closes its own connection with a parse error (however it is malformed, whatever it claims to hold),
/// and the server's other connections go on.
/// </summary>
public sealed class MessagePackConnectionTests
{
    private delegate void Writes(ref MessagePackWriter writer);

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "not a map", Hex("9101") },
        { "truncated map", Hex("84") },
        { "trailing bytes", [.. Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "e")), 0x00] },
        { "binary event type", Packet(5, "/", static (ref MessagePackWriter w) => Array(ref w, "e")) },
        { "type as a string", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(3); w.Write("type"); w.Write("2"); w.Write("nsp"); w.Write("/"); w.Write("data"); Array(ref w, "e"); }) },
        { "type with a fraction", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(3); w.Write("type"); w.Write(2.5); w.Write("nsp"); w.Write("/"); w.Write("data"); Array(ref w, "e"); }) },
        { "no type", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(2); w.Write("nsp"); w.Write("/"); w.Write("data"); Array(ref w, "e"); }) },
        { "no namespace", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(2); w.Write("type"); w.Write(2); w.Write("data"); Array(ref w, "e"); }) },
        { "namespace as a number", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(3); w.Write("type"); w.Write(2); w.Write("nsp"); w.Write(1); w.Write("data"); Array(ref w, "e"); }) },
        { "id as a string", Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "e"), static (ref MessagePackWriter w) => w.Write("1")) },
        { "negative id", Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "e"), static (ref MessagePackWriter w) => w.Write(-1)) },
        { "id with a fraction", Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "e"), static (ref MessagePackWriter w) => w.Write(1.5)) },
        { "event data a map", Packet(2, "/", static (ref MessagePackWriter w) => w.WriteMapHeader(0)) },
        { "event without data", Packet(2, "/", data: null) },
        { "event without a name", Packet(2, "/", static (ref MessagePackWriter w) => w.WriteArrayHeader(0)) },
        { "event named by an object", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(1); w.WriteMapHeader(0); }) },
        { "reserved event name", Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "disconnect")) },
        { "ack without data", Packet(3, "/", data: null, static (ref MessagePackWriter w) => w.Write(1)) },
        { "disconnect with data", Packet(1, "/", static (ref MessagePackWriter w) => w.WriteArrayHeader(0)) },
        { "connect with an array", Packet(0, "/other", static (ref MessagePackWriter w) => w.WriteArrayHeader(0)) },
        { "connect error from a client", Packet(4, "/", static (ref MessagePackWriter w) => w.Write("x")) },
        { "nested beyond the depth bound", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("e"); Nest(ref w, 100_000); }) },
        { "nested deeply under an unknown key", Build(static (ref MessagePackWriter w) => { w.WriteMapHeader(4); w.Write("type"); w.Write(2); w.Write("nsp"); w.Write("/"); w.Write("data"); Array(ref w, "e"); w.Write("x"); Nest(ref w, 100_000); }) },
        { "nested deeply in a map value", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("e"); w.WriteMapHeader(1); w.Write("k"); Nest(ref w, 100_000); }) },
        { "a map claiming 2^31 entries", Hex("df7fffffffa474797065") },
        { "an argument map claiming 2^31 entries", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("e"); w.WriteRaw(Hex("df7fffffff")); }) },
        { "an argument array claiming 2^32 - 1 entries", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("e"); w.WriteRaw(Hex("ddffffffff")); }) },
        { "an argument map claiming 2^32 - 1 entries", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write("e"); w.WriteRaw(Hex("dfffffffff")); }) },
        { "a packet map claiming 2^32 - 1 entries", Hex("dfffffffff") },
        { "a string claiming 2 GB", Packet(2, "/", static (ref MessagePackWriter w) => { w.WriteArrayHeader(1); w.WriteRaw(Hex("db7fffffff41")); }) },
        { "a key that is a map", Hex("81" + "80" + "01") },
        // Found by mutating the golden packets: a namespace the default parser's form cannot hold, a length past the end.
        { "a namespace without its slash", Packet(0, "chat", data: null) },
        { "a namespace with a comma", Packet(0, "/a,b", data: null) },
        { "a namespace that is not UTF-8", Hex("82a47479706500a36e7370a1a9") },
        { "a type whose bin length runs past the end", Hex("83a474797065c6a46461746191a1c465a36e7370a12f") },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedMessage_ClosesOnlyItsConnectionWithParseError(string description, byte[] message)
    {
        await using var server = await StartAsync();
        var bystander = await server.ConnectAsync();
        var bystanderSid = await JoinAsync(bystander, "/");
        var client = await server.ConnectAsync();
        var sid = await JoinAsync(client, "/");

        await client.SendBinaryAsync(message);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[sid].DisconnectReasonAsync());
        await server.Logs.WaitForAsync("ParseError");
        // The other connection still works: an event with an ack gets its answer.
        await bystander.SendBinaryAsync(Packet(2, "/", static (ref MessagePackWriter w) => Array(ref w, "echo", "still here"), static (ref MessagePackWriter w) => w.Write(4)));
        var ack = Read(await bystander.ReceiveBinaryAsync());
        Assert.Equal(SocketPacketType.Ack, ack.Header.Type);
        Assert.Equal(4, ack.Header.AckId);
        Assert.Equal("""["still here"]""", System.Text.Encoding.UTF8.GetString(ack.Payload.Span));
        Assert.False(server.Sockets[bystanderSid].IsDisconnected, description);
    }

    [Fact]
    public async Task TextMessage_ClosesTheConnectionWithParseError()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        var sid = await JoinAsync(client, "/");

        await client.SendAsync("""2["e"]""");

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[sid].DisconnectReasonAsync());
    }

    [Fact]
    public async Task UnknownKeysAndUndefinedId_Ignored()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();
        await JoinAsync(client, "/");

        // {type: 2, nsp: "/", data: ["echo", 1], options: {compress: true}, id: 9, extra: undefined} as notepack writes it.
        await client.SendBinaryAsync(Build(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(6);
            w.Write("type");
            w.Write(2);
            w.Write("nsp");
            w.Write("/");
            w.Write("data");
            w.WriteArrayHeader(2);
            w.Write("echo");
            w.Write(1);
            w.Write("options");
            w.WriteMapHeader(1);
            w.Write("compress");
            w.Write(true);
            w.Write("id");
            w.Write(9.0);
            w.Write("extra");
            w.WriteRaw(Hex("d40000"));
        }));

        var ack = Read(await client.ReceiveBinaryAsync());
        Assert.Equal(9, ack.Header.AckId);
        Assert.Equal("[1]", System.Text.Encoding.UTF8.GetString(ack.Payload.Span));
    }

    [Fact]
    public async Task UnknownNamespace_ConnectErrorInMessagePack()
    {
        await using var server = await StartAsync();
        var client = await server.ConnectAsync();

        await client.SendBinaryAsync(Packet(0, "/nowhere", data: null));

        // {type: 4, data: {message: "Invalid namespace"}, nsp: "/nowhere"}: a packet the reader refuses from a client.
        var expected = Packet(4, "/nowhere", static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("message");
            w.Write("Invalid namespace");
        });
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(await client.ReceiveBinaryAsync()));
    }

    private static Task<SocketIoTestServer> StartAsync() => SocketIoTestServer.StartAsync(
        static io => io.Of("/").OnConnection(static socket =>
        {
            socket.On("echo", static e => e.AckAsync([.. Enumerable.Range(0, e.Count).Select(i => (object?)e[i])]));
            return default;
        }),
        options: static o => o.Parser = SocketIoParser.MessagePack);

    /// <summary>Joins a namespace with a MessagePack CONNECT; returns the socket id from the server's answer.</summary>
    private static async Task<string> JoinAsync(SocketIoTestClient client, string nsp)
    {
        await client.SendBinaryAsync(Packet(0, nsp, data: null));
        var answer = Read(await client.ReceiveBinaryAsync());
        Assert.Equal(SocketPacketType.Connect, answer.Header.Type);
        Assert.Equal(nsp, answer.Namespace);
        using var json = System.Text.Json.JsonDocument.Parse(answer.Payload);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>What the server sent, read back with the parser's own reader (the golden tests pin its bytes).</summary>
    private static InboundPacket Read(byte[] message)
    {
        Assert.True(MessagePackPacketReader.TryRead(message, out var packet), Convert.ToHexString(message));
        // The reader's text is its thread's buffer: keep a copy.
        return new InboundPacket(packet.Header, packet.Text.ToArray(), packet.Attachments);
    }

    private static byte[] Packet(int type, string nsp, Writes? data, Writes? id = null) => Build((ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(2 + (data is null ? 0 : 1) + (id is null ? 0 : 1));
        w.Write("type");
        w.Write(type);
        if (data is not null)
        {
            w.Write("data");
            data(ref w);
        }

        if (id is not null)
        {
            w.Write("id");
            id(ref w);
        }

        w.Write("nsp");
        w.Write(nsp);
    });

    private static void Array(ref MessagePackWriter writer, params string[] items)
    {
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items)
        {
            writer.Write(item);
        }
    }

    private static void Nest(ref MessagePackWriter writer, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            writer.WriteArrayHeader(1);
        }

        writer.WriteNil();
    }

    private static byte[] Build(Writes write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
