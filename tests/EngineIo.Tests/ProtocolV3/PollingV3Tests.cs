using System.Net;
using System.Text;
using System.Text.Json;
using EngineIo.Tests.Infrastructure;
using static EngineIo.Tests.ProtocolV3.EngineIoV3Server;

namespace EngineIo.Tests.ProtocolV3;

/// <summary>
/// Engine.IO protocol v3 over polling, on the wire: the handshake, length-prefixed text payloads (lengths in UTF-16
/// code units), binary as <c>b4</c> and base64 or in the binary payload format, JSONP, and malformed payloads.
/// </summary>
public sealed class PollingV3Tests
{
    [Theory]
    [InlineData("EIO=3&")]
    [InlineData("")]
    public async Task Handshake_V3Allowed_OpenPacketLengthPrefixedAndSessionIsV3(string eio)
    {
        await using var server = await StartAsync();

        using var response = await server.Client.GetAsync($"/engine.io/?{eio}transport=polling&b64=1").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        var open = Assert.Single(SplitTextPayload(body));
        Assert.Equal($"{open.Length}:{open}", body);
        using var json = JsonDocument.Parse(open[1..]);
        Assert.Equal("""["websocket"]""", json.RootElement.GetProperty("upgrades").GetRawText());
        Assert.Equal(1000, json.RootElement.GetProperty("pingInterval").GetInt32());
        Assert.Equal(500, json.RootElement.GetProperty("pingTimeout").GetInt32());
        var session = await server.Handler.SessionAsync(json.RootElement.GetProperty("sid").GetString()!);
        Assert.Equal(3, session.Socket.Protocol);
    }

    [Fact]
    public async Task Handshake_V4_StillV4WhenV3IsAllowed()
    {
        await using var server = await StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        Assert.Equal(4, session.Socket.Protocol);
        session.Socket.Send("x"u8.ToArray());
        using var poll = await server.GetAsync(sid);
        Assert.Equal("4x", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_TextPayload_PacketsDeliveredByUtf16Length()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server);

        // "4é😀" is 4 UTF-16 code units (the emoji is a surrogate pair) in 7 UTF-8 bytes.
        using var post = await PostAsync(server, sid, "6:4hello4:4é😀0:1:6");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal("hello", (await session.NextMessageAsync()).Text);
        Assert.Equal("é😀", (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Post_Base64Packet_DeliveredAsBinary()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server);

        using var post = await PostAsync(server, sid, "6:b4AQID2:4a");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var binary = await session.NextMessageAsync();
        Assert.True(binary.IsBinary);
        Assert.Equal([1, 2, 3], binary.Data);
        Assert.Equal("a", (await session.NextMessageAsync()).Text);
    }

    [Fact]
    public async Task Get_Base64Client_TextAndBinaryAsLengthPrefixedRecords()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server);
        session.Socket.Send(Encoding.UTF8.GetBytes("héllo 😀"));
        session.Socket.SendBinary(new byte[] { 1, 2, 3 });

        using var poll = await GetAsync(server, sid);

        Assert.Equal("text/plain; charset=UTF-8", poll.Content.Headers.ContentType?.ToString());
        Assert.Equal("9:4héllo 😀6:b4AQID", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_BinaryClient_TextOnlyPayloadStaysText()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server, extra: "");
        session.Socket.Send("hi"u8.ToArray());

        using var poll = await GetAsync(server, sid, extra: "");

        Assert.Equal("text/plain; charset=UTF-8", poll.Content.Headers.ContentType?.ToString());
        Assert.Equal("3:4hi", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_BinaryClient_PayloadWithBinaryInTheBinaryFormat()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server, extra: "");
        session.Socket.Send(Encoding.UTF8.GetBytes("héllo"));
        var large = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();
        session.Socket.SendBinary(large);

        using var poll = await GetAsync(server, sid, extra: "");

        Assert.Equal("application/octet-stream", poll.Content.Headers.ContentType?.ToString());
        byte[] expected =
        [
            0, 7, 255, (byte)'4', (byte)'h', 0xc3, 0xa9, (byte)'l', (byte)'l', (byte)'o',
            1, 1, 3, 255, 4, .. large,
        ];
        Assert.Equal(expected, await poll.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_BinaryPayloadFormat_TextAndBinaryDelivered()
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server, extra: "");

        using var post = await PostBinaryAsync(server, sid, [0, 6, 255, .. "4hello"u8, 1, 4, 255, 4, 9, 8, 7, 0, 1, 255, (byte)'2']);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("hello", (await session.NextMessageAsync()).Text);
        var binary = await session.NextMessageAsync();
        Assert.True(binary.IsBinary);
        Assert.Equal([9, 8, 7], binary.Data);
        using var poll = await GetAsync(server, sid, extra: "");
        Assert.Equal("1:3", await poll.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string[]> MalformedTextBodies => new()
    {
        { "", [] },
        { "abc", [] },
        { "5:4hi", [] },
        { "x:4a", [] },
        { "2:4a3", ["a"] },
        { "2:9a", [] },
        { "1:b", [] },
        { "6:b4!!!!", [] },
        { "6:b2AQID", [] },
        { "2:4😀", [] },
        { "1234567890:4", [] },
        { "2:4a:2:4b", ["a"] },
    };

    [Theory]
    [MemberData(nameof(MalformedTextBodies))]
    public async Task Post_MalformedTextPayload_400AndOnlyThatSessionClosed(string body, string[] deliveredFirst)
    {
        await using var server = await StartAsync();
        server.Handler.Echo = true;
        var (sid, session, _) = await OpenAsync(server);
        var (otherSid, other, _) = await OpenAsync(server);

        using var post = await PostAsync(server, sid, body);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await post.Content.ReadAsStringAsync());
        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        foreach (var expected in deliveredFirst)
        {
            Assert.Equal(expected, (await session.NextMessageAsync()).Text);
        }

        using var otherPost = await PostAsync(server, otherSid, "3:4ok");
        Assert.Equal(HttpStatusCode.OK, otherPost.StatusCode);
        Assert.Equal("ok", (await other.NextMessageAsync()).Text);
        Assert.True(other.Socket.IsOpen);
    }

    public static TheoryData<byte[]> MalformedBinaryBodies => new()
    {
        new byte[] { 2, 1, 255, (byte)'4' },
        new byte[] { 0, 1, 4 },
        new byte[] { 0, 5, 255, (byte)'4' },
        new byte[] { 0, 12, 255, (byte)'4' },
        new byte[] { 1, 2, 255, 2, 1 },
        new byte[] { 1, 0, 255 },
        new byte[] { 0, 2, 255, (byte)'4', 0xff },
        new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, (byte)'4' },
    };

    [Theory]
    [MemberData(nameof(MalformedBinaryBodies))]
    public async Task Post_MalformedBinaryPayload_400AndSessionClosed(byte[] body)
    {
        await using var server = await StartAsync();
        var (sid, session, _) = await OpenAsync(server, extra: "");

        using var post = await PostBinaryAsync(server, sid, body);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Post_BinaryBodyOnAV4Session_StillAbortsAsBefore()
    {
        await using var server = await StartAsync();
        var (sid, session) = await server.OpenPollingSessionAsync();
        var content = new ByteArrayContent([0, 1, 255, (byte)'4']);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");

        using var post = await server.PostAsync(sid, content);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task Post_OverMaxPayload_413AndTheSessionLivesOn()
    {
        await using var server = await StartAsync(configure: options => options.MaxPayload = 64);
        var (sid, session, _) = await OpenAsync(server);

        using var post = await PostAsync(server, sid, "65:4" + new string('a', 64));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, post.StatusCode);
        Assert.True(session.Socket.IsOpen);
    }

    [Fact]
    public async Task Jsonp_GetIsACallAndPostIsAForm()
    {
        await using var server = await StartAsync();
        using var handshake = await server.Client.GetAsync(Url(extra: "&j=7x")).DefaultTimeout();
        var body = await handshake.Content.ReadAsStringAsync();
        Assert.StartsWith("___eio[7](\"", body, StringComparison.Ordinal);
        Assert.EndsWith("\");", body, StringComparison.Ordinal);
        var payload = JsonSerializer.Deserialize<string>(body["___eio[7](".Length..^2])!;
        var sid = OpenPacket.Parse(Assert.Single(SplitTextPayload(payload))).Sid;
        var session = await server.Handler.SessionAsync(sid);

        // The client escapes newlines as \n, and a backslash-n of its own as \\n.
        var form = new FormUrlEncodedContent([new("d", "11:4line\\none\\\\n")]);
        using var post = await server.Client.PostAsync(Url(sid, "&j=7x"), form).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("line\none\\n", (await session.NextMessageAsync()).Text);

        session.Socket.Send(Encoding.UTF8.GetBytes("say \"hi\"\u2028\\"));
        session.Socket.SendBinary(new byte[] { 1, 2, 3 });
        using var poll = await server.Client.GetAsync(Url(sid, "&j=7x")).DefaultTimeout();
        Assert.Equal("text/plain; charset=UTF-8", poll.Content.Headers.ContentType?.ToString());
        Assert.Equal("___eio[7](\"11:4say \\\"hi\\\"\\u2028\\\\6:b4AQID\");", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handshake_V3NotAllowed_StillRefusedWithCode5()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(Url()).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":5,"message":"Unsupported protocol version"}""", await response.Content.ReadAsStringAsync());
    }
}
