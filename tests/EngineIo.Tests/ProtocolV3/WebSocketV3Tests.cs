using System.Net.WebSockets;
using EngineIo.Tests.Infrastructure;
using EngineIo.Tests.WebSockets;

namespace EngineIo.Tests.ProtocolV3;

/// <summary>
/// Engine.IO protocol v3 over WebSocket, on both paths (the standard one and the dense one): binary frames led by the
/// message type's byte, or <c>b4</c> and base64 for a client that sent <c>b64</c>; the client pings and the server
/// answers; the upgrade from v3 polling.
/// </summary>
public sealed class WebSocketV3Tests
{
    public static TheoryData<bool, bool> PathsAndEncodings => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(PathsAndEncodings))]
    public async Task Direct_V3_ClientPingsServerAnswersAndBinaryTravelsInV3Framing(bool dense, bool base64)
    {
        await using var server = await V3Endpoint.StartAsync(dense);
        var socket = await server.ConnectAsync(base64 ? "&b64=1" : "");
        var open = await socket.ReceiveTextAsync();
        var session = await server.Handler.SessionAsync(OpenPacket.Parse(open).Sid);
        Assert.Equal(3, session.Socket.Protocol);

        await socket.SendTextAsync("2");
        Assert.Equal("3", await socket.ReceiveTextAsync());

        Assert.True(session.Socket.SendBinary(new byte[] { 1, 2, 3 }));
        var frame = await socket.ReceiveAsync();
        if (base64)
        {
            Assert.Equal(WebSocketMessageType.Text, frame.Type);
            Assert.Equal("b4AQID", frame.Text);
        }
        else
        {
            Assert.Equal(WebSocketMessageType.Binary, frame.Type);
            Assert.Equal([4, 1, 2, 3], frame.Data);
        }

        // Either encoding is understood from the client, whatever it asked for.
        await socket.SendBinaryAsync([4, 9, 8]);
        await socket.SendTextAsync("b4BwY=");
        await socket.SendTextAsync("4text");
        var first = await session.NextMessageAsync();
        Assert.True(first.IsBinary);
        Assert.Equal([9, 8], first.Data);
        Assert.Equal([7, 6], (await session.NextMessageAsync()).Data);
        Assert.Equal("text", (await session.NextMessageAsync()).Text);

        // A pong is the wrong direction in v3.
        await socket.SendTextAsync("3");
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Theory]
    [InlineData(false, new byte[] { 2, 1 })]
    [InlineData(false, new byte[0])]
    [InlineData(true, new byte[] { 0x34, 1 })]
    [InlineData(true, new byte[0])]
    public async Task Direct_V3_BinaryFrameNotLedByTheMessageType_ClosesOnlyThatSession(bool dense, byte[] frame)
    {
        await using var server = await V3Endpoint.StartAsync(dense);
        var socket = await server.ConnectAsync("");
        var session = await server.Handler.SessionAsync(OpenPacket.Parse(await socket.ReceiveTextAsync()).Sid);
        var other = await server.ConnectAsync("");
        var otherSession = await server.Handler.SessionAsync(OpenPacket.Parse(await other.ReceiveTextAsync()).Sid);

        await socket.SendBinaryAsync(frame);

        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        await other.SendTextAsync("2");
        Assert.Equal("3", await other.ReceiveTextAsync());
        Assert.True(otherSession.Socket.IsOpen);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upgrade_V3PollingToWebSocket_ProbeNoopAndV3Framing(bool dense)
    {
        await using var server = await V3Endpoint.StartAsync(dense);
        using var handshake = await server.Http.GetAsync(EngineIoV3Server.Url()).DefaultTimeout();
        var open = Assert.Single(EngineIoV3Server.SplitTextPayload(await handshake.Content.ReadAsStringAsync()));
        var sid = OpenPacket.Parse(open).Sid;
        var session = await server.Handler.SessionAsync(sid);
        var poll = server.Http.GetAsync(EngineIoV3Server.Url(sid));

        var socket = await server.ConnectAsync($"&sid={sid}");
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        using (var released = await poll.DefaultTimeout())
        {
            Assert.Equal("1:6", await released.Content.ReadAsStringAsync());
        }

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("2");
        Assert.Equal("3", await socket.ReceiveTextAsync());
        Assert.Equal(EngineIoTransports.WebSocket, session.Socket.Transport);
        Assert.True(session.Socket.SendBinary(new byte[] { 5 }));
        Assert.Equal([4, 5], (await socket.ReceiveAsync()).Data);
    }

    /// <summary>The endpoint under test on either path, with a raw WebSocket connector for v3 URLs.</summary>
    private sealed class V3Endpoint : IAsyncDisposable
    {
        private readonly IAsyncDisposable _server;
        private readonly Func<string, Task<TestWebSocket>> _connect;

        private V3Endpoint(IAsyncDisposable server, RecordingHandler handler, HttpClient http, Func<string, Task<TestWebSocket>> connect)
        {
            _server = server;
            Handler = handler;
            Http = http;
            _connect = connect;
        }

        public RecordingHandler Handler { get; }

        public HttpClient Http { get; }

        public static async Task<V3Endpoint> StartAsync(bool dense)
        {
            if (dense)
            {
                var denseServer = await DenseTestServer.StartAsync(options => options.AllowEio3 = true);
                return new V3Endpoint(denseServer, denseServer.Handler, denseServer.CreateClient(), extra => ConnectAsync(new Uri($"ws://127.0.0.1:{denseServer.DensePort}"), extra));
            }

            var server = await EngineIoV3Server.StartAsync();
            var ws = new UriBuilder(server.BaseAddress) { Scheme = "ws" }.Uri;
            return new V3Endpoint(server, server.Handler, server.Client, extra => ConnectAsync(ws, extra));
        }

        public Task<TestWebSocket> ConnectAsync(string extra) => _connect(extra);

        private static async Task<TestWebSocket> ConnectAsync(Uri baseUri, string extra)
        {
            var client = new ClientWebSocket();
            await client.ConnectAsync(new Uri(baseUri, EngineIoV3Server.Url(extra: extra, transport: "websocket")), CancellationToken.None).DefaultTimeout();
            return new TestWebSocket(client);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
