using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.WebSockets;

/// <summary>Engine.IO sessions carried by the dense path, end to end with <see cref="ClientWebSocket"/>.</summary>
public sealed class DenseEngineIoTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Session_OpenPacketAndMessagesBothWays()
    {
        await using var server = await DenseTestServer.StartAsync();
        server.Handler.Echo = true;

        var socket = await server.ConnectAsync();
        var open = OpenPacket.Parse(await socket.ReceiveTextAsync());
        var session = await server.Handler.SessionAsync(open.Sid);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.Socket.HttpStatusCode);
        Assert.Equal(1, server.Log.Taken);
        await socket.SendTextAsync("4héllo ✓");
        Assert.Equal("4héllo ✓", await socket.ReceiveTextAsync());
        Assert.Equal("héllo ✓", (await session.NextMessageAsync()).Text);
        await socket.SendBinaryAsync([1, 2, 3]);
        var binary = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal([1, 2, 3], binary.Data);

        var large = "4" + new string('x', 200_000);
        await socket.SendTextAsync(large);
        Assert.Equal(large, await socket.ReceiveTextAsync());
        session.Socket.Send("from the server"u8.ToArray());
        Assert.Equal("4from the server", await socket.ReceiveTextAsync());
        Assert.Equal(EngineIoTransports.WebSocket, session.Socket.Transport);
    }

    [Fact]
    public async Task Heartbeat_PongsKeepTheSessionThenSilenceClosesIt()
    {
        var time = new TestTimeProvider();
        await using var server = await DenseTestServer.StartAsync(options =>
        {
            options.PingInterval = _interval;
            options.PingTimeout = TimeSpan.FromMilliseconds(500);
        }, timeProvider: time);
        var (socket, _, session) = await server.OpenSessionAsync();

        for (var cycle = 0; cycle < 3; cycle++)
        {
            time.Advance(_interval);
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await PongAsync(socket, session);
        }

        time.Advance(_interval);
        Assert.Equal("2", await socket.ReceiveTextAsync());
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(EngineIoDisconnectReason.PingTimeout, await session.WaitClosedAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
    }

    [Fact]
    public async Task Upgrade_FromPollingToTheDensePath()
    {
        await using var server = await DenseTestServer.StartAsync();
        server.Handler.Echo = true;
        var client = server.CreateClient();
        var sid = OpenPacket.Parse(await client.GetStringAsync(DenseTestServer.Url("polling")).DefaultTimeout()).Sid;
        var session = await server.Handler.SessionAsync(sid);
        var poll = client.GetAsync(DenseTestServer.Url("polling", sid));

        var socket = await server.ConnectAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        using (var released = await poll.DefaultTimeout())
        {
            Assert.Equal("6", await released.Content.ReadAsStringAsync());
        }

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4over the dense path");

        Assert.Equal("4over the dense path", await socket.ReceiveTextAsync());
        var message = await session.NextMessageAsync();
        Assert.Equal(EngineIoTransports.WebSocket, message.Transport);
        Assert.Equal(1, server.Log.Taken);
    }

    [Fact]
    public async Task ClientCloses_SessionEndsWithTransportClose()
    {
        await using var server = await DenseTestServer.StartAsync();
        var (socket, _, session) = await server.OpenSessionAsync();

        await socket.CloseAsync();

        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
    }

    [Fact]
    public async Task ServerCloses_ClientGetsCloseFrame()
    {
        await using var server = await DenseTestServer.StartAsync();
        var (socket, _, session) = await server.OpenSessionAsync();

        session.Socket.Close();

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task MessageOverMaxPayload_Closed1009AndTransportError()
    {
        await using var server = await DenseTestServer.StartAsync(options => options.MaxPayload = 1000);
        var (socket, _, session) = await server.OpenSessionAsync();

        await socket.SendTextAsync("4" + new string('x', 1000));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task HostStops_DenseSessionGetsCloseFrame_NewUpgradesGet503()
    {
        await using var server = await DenseTestServer.StartAsync();
        var (socket, _, session) = await server.OpenSessionAsync();
        // A polling session that never collects its close packet keeps the host in its stopping phase (until the
        // shutdown timeout), whatever the pace of this test.
        var client = server.CreateClient();
        var heldSid = OpenPacket.Parse(await client.GetStringAsync(DenseTestServer.Url("polling")).DefaultTimeout()).Sid;
        var held = await server.Handler.SessionAsync(heldSid);

        var stopping = server.StopAsync();
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await session.WaitClosedAsync());

        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);
        await connection.SendAsync(
            $"GET {DenseTestServer.Url()} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        Assert.Equal(503, (await connection.ReadResponseAsync()).Status);
        await socket.CloseAsync();
        Assert.Equal(EngineIoDisconnectReason.ServerShutdown, await held.WaitClosedAsync());
        await stopping.DefaultTimeout();
    }

    [Fact]
    public async Task Tls_HttpsBeforeTheDensePath_SecureWebSocketServedDense()
    {
        using var certificate = CreateCertificate();
        await using var server = await DenseTestServer.StartAsync(certificate: certificate);
        server.Handler.Echo = true;

        var socket = await server.ConnectAsync(scheme: "wss", configure: o => o.RemoteCertificateValidationCallback = TrustOnly(certificate));
        var sid = OpenPacket.Parse(await socket.ReceiveTextAsync()).Sid;
        await socket.SendTextAsync("4secure");

        Assert.Equal("4secure", await socket.ReceiveTextAsync());
        Assert.True((await server.Handler.SessionAsync(sid)).Socket.Handshake.IsSecure);
        Assert.Equal(1, server.Log.Taken);
        var https = server.CreateClient(scheme: "https", handler: new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustOnly(certificate) } });
        Assert.Equal("hello", await https.GetStringAsync("/hello").DefaultTimeout());
    }

    [Fact]
    public async Task Tls_DensePathBeforeHttps_TlsPassesThroughUntouched()
    {
        using var certificate = CreateCertificate();
        await using var server = await DenseTestServer.StartAsync(certificate: certificate, tlsAfterDense: true);
        var https = server.CreateClient(scheme: "https", handler: new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustOnly(certificate) } });

        Assert.Equal("hello", await https.GetStringAsync("/hello").DefaultTimeout());
        var socket = await server.ConnectAsync(scheme: "wss", configure: o => o.RemoteCertificateValidationCallback = TrustOnly(certificate));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, server.Log.Taken);
    }

    /// <summary>Trusts the test's own self-signed certificate, and nothing else.</summary>
    private static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 ours) =>
        (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == ours.GetCertHashString();

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Answers a ping and waits until the server has processed the pong (packets are handled in order).</summary>
    private static async Task PongAsync(TestWebSocket socket, SessionRecord session)
    {
        await socket.SendTextAsync("3");
        await socket.SendTextAsync("4after-pong");
        Assert.Equal("after-pong", (await session.NextMessageAsync()).Text);
    }
}
