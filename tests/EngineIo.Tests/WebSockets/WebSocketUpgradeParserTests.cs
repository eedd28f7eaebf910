using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EngineIo.Tests.WebSockets;

/// <summary>What the dense path takes from a connection's first bytes, and what it passes on, decided as early as it can.</summary>
public sealed class WebSocketUpgradeParserTests : IDisposable
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<EngineIoServer> _servers = [];

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _services.Dispose();
    }

    private static string Head(string target = "/engine.io/?EIO=4&transport=websocket", string? extraHeaders = null, string method = "GET", string version = "HTTP/1.1", string? headers = null) =>
        $"{method} {target} {version}\r\n" +
        (headers ?? $"Host: localhost:3000\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Key}\r\n") +
        extraHeaders + "\r\n";

    [Fact]
    public void Decide_CleanUpgrade_TakenWithItsRequest()
    {
        var head = Head(extraHeaders: "Origin: http://example.com\r\nX-Twice: a\r\nX-Twice: b\r\n");

        var decision = Decide(head + "\x81\x80", out var request, new EngineIoServerRegistry(), out var dispatcher);

        Assert.Equal(UpgradeDecision.Take, decision);
        Assert.Same(dispatcher, request!.Dispatcher);
        Assert.Equal("/engine.io/", request.Path);
        Assert.Equal("?EIO=4&transport=websocket", request.QueryString);
        Assert.Equal("/engine.io/?EIO=4&transport=websocket", request.RawTarget);
        Assert.Equal(Key, request.Key);
        Assert.Equal(Encoding.ASCII.GetByteCount(head), request.HeadLength);
        Assert.Equal("http://example.com", request.Headers["origin"].ToString());
        Assert.Equal("a,b", request.Headers["x-twice"].ToString());
    }

    [Fact]
    public void Decide_EveryPrefixOfACleanUpgrade_NeedsMoreDataUntilTheLastByte()
    {
        var head = Encoding.ASCII.GetBytes(Head());
        for (var length = 0; length < head.Length; length++)
        {
            Assert.True(UpgradeDecision.NeedMoreData == Decide(head.AsSpan(0, length).ToArray(), out _), $"prefix of {length} bytes");
        }

        Assert.Equal(UpgradeDecision.Take, Decide(head, out _));
    }

    [Fact]
    public void Decide_HeadSpreadOverSegments_Taken()
    {
        var head = Encoding.ASCII.GetBytes(Head());
        for (var cut = 1; cut < head.Length; cut++)
        {
            var buffer = Sequences.Cut(head, cut);
            Assert.Equal(UpgradeDecision.Take, WebSocketUpgradeParser.Decide(buffer, new KestrelServerLimits(), Registry(out _), out _));
        }
    }

    [Theory]
    [InlineData("P")]
    [InlineData("POST /engine.io/?EIO=4&transport=polling HTTP/1.1\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n")]
    [InlineData("\x16\x03\x01")]
    [InlineData("GET /other/path HTTP/1.1\r\n")]
    [InlineData("GET /engine.iox/ HTTP/1.1\r\n")]
    [InlineData("GET /engine.io/ HTTP/1.0\r\n")]
    [InlineData("GET http://localhost/engine.io/ HTTP/1.1\r\n")]
    [InlineData("GET /engine%2Eio/ HTTP/1.1\r\n")]
    [InlineData("GET /engine.io/../engine.io/ HTTP/1.1\r\n")]
    [InlineData("GET /engine.io/ HTTP/1.1\n")]
    public void Decide_NotAnUpgradeToAnEndpoint_PassedOnFromTheRequestLine(string start)
    {
        // Decided before any header has arrived.
        Assert.Equal(UpgradeDecision.Pass, Decide(start, out _));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Version: 12")]
    [InlineData("Sec-WebSocket-Key: short")]
    [InlineData("Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!!=")]
    [InlineData("Upgrade: h2c")]
    [InlineData("Upgrade: websocket, h2c")]
    [InlineData("Connection: keep-alive")]
    [InlineData("Host: a b")]
    [InlineData(null)]
    public void Decide_UnusualUpgradeHeaders_PassedOn(string? replacement)
    {
        var headers = new List<string> { "Host: localhost", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + Key };
        var name = replacement?.Split(':')[0] ?? "Host";
        headers.RemoveAll(h => h.StartsWith(name + ":", StringComparison.Ordinal));
        if (replacement is not null)
        {
            headers.Add(replacement);
        }

        Assert.Equal(UpgradeDecision.Pass, Decide(Head(headers: string.Join("\r\n", headers) + "\r\n"), out _));
    }

    [Theory]
    [InlineData("Content-Length: 5\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n")]
    [InlineData("Expect: 100-continue\r\n")]
    [InlineData("Sec-WebSocket-Protocol: chat\r\n")]
    [InlineData("Upgrade: websocket\r\n")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData(" folded: value\r\n")]
    [InlineData("Bad Name: value\r\n")]
    [InlineData("X-Latin: caf\u00e9\r\n")]
    [InlineData("X-Control: a\u0001b\r\n")]
    [InlineData("NoColon\r\n")]
    [InlineData("X-Bare: lf\nX-Other: x\r\n")]
    public void Decide_OtherUnusualHeads_PassedOn(string extraHeaders)
    {
        Assert.Equal(UpgradeDecision.Pass, Decide(Head(extraHeaders: extraHeaders), out _));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Decide_DeflateOffered_PassedOnOnlyWhenTheEndpointCompresses(bool perMessageDeflate, bool taken)
    {
        var head = Head(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        var registry = new EngineIoServerRegistry();
        var options = new EngineIoOptions { PerMessageDeflate = perMessageDeflate };
        registry.AddDenseEndpoint("/engine.io", new EngineIoDispatcher(Server(options)));

        Assert.Equal(taken ? UpgradeDecision.Take : UpgradeDecision.Pass, WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(head)), new KestrelServerLimits(), registry, out _));
    }

    [Fact]
    public void Decide_HeadOverKestrelsLimits_PassedOn()
    {
        var limits = new KestrelServerLimits { MaxRequestHeadersTotalSize = 512, MaxRequestLineSize = 128, MaxRequestHeaderCount = 8 };
        var big = Head(extraHeaders: "X-Big: " + new string('a', 600) + "\r\n");
        var longLine = Head(target: "/engine.io/?pad=" + new string('a', 200));
        var many = Head(extraHeaders: string.Concat(Enumerable.Range(0, 4).Select(i => $"X-{i}: {i}\r\n")));
        var unfinished = Encoding.ASCII.GetBytes(Head()[..60] + new string('a', 1000));

        Assert.Equal(UpgradeDecision.Pass, Decide(Encoding.ASCII.GetBytes(big), out _, limits));
        Assert.Equal(UpgradeDecision.Pass, Decide(Encoding.ASCII.GetBytes(longLine), out _, limits));
        Assert.Equal(UpgradeDecision.Pass, Decide(Encoding.ASCII.GetBytes(many), out _, limits));
        Assert.Equal(UpgradeDecision.Pass, Decide(unfinished, out _, limits));
        Assert.Equal(UpgradeDecision.Take, Decide(Encoding.ASCII.GetBytes(Head()), out _, limits));
    }

    [Fact]
    public void FindDenseEndpoint_MatchesAsRoutingDoes()
    {
        var registry = new EngineIoServerRegistry();
        var root = new EngineIoDispatcher(Server(new EngineIoOptions()));
        var engine = new EngineIoDispatcher(Server(new EngineIoOptions()));
        var nested = new EngineIoDispatcher(Server(new EngineIoOptions()));
        registry.AddDenseEndpoint("/engine.io/", engine);
        registry.AddDenseEndpoint("/engine.io/admin", nested);
        registry.AddDenseEndpoint("/{tenant}/io", new EngineIoDispatcher(Server(new EngineIoOptions())));

        Assert.Same(engine, registry.FindDenseEndpoint("/engine.io"));
        Assert.Same(engine, registry.FindDenseEndpoint("/ENGINE.IO/"));
        Assert.Same(engine, registry.FindDenseEndpoint("/engine.io/x/y"));
        Assert.Same(nested, registry.FindDenseEndpoint("/engine.io/admin/"));
        Assert.Null(registry.FindDenseEndpoint("/engine.iox"));
        Assert.Null(registry.FindDenseEndpoint("/acme/io/"));

        registry.AddDenseEndpoint("/", root);
        Assert.Same(root, registry.FindDenseEndpoint("/anything"));
        Assert.Same(engine, registry.FindDenseEndpoint("/engine.io/"));
    }

    private UpgradeDecision Decide(string head, out WebSocketUpgradeRequest? request) => Decide(Encoding.Latin1.GetBytes(head), out request);

    private UpgradeDecision Decide(string head, out WebSocketUpgradeRequest? request, EngineIoServerRegistry registry, out EngineIoDispatcher dispatcher)
    {
        dispatcher = new EngineIoDispatcher(Server(new EngineIoOptions()));
        registry.AddDenseEndpoint("/engine.io", dispatcher);
        return WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(head)), new KestrelServerLimits(), registry, out request);
    }

    private UpgradeDecision Decide(byte[] head, out WebSocketUpgradeRequest? request, KestrelServerLimits? limits = null) =>
        WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(head), limits ?? new KestrelServerLimits(), Registry(out _), out request);

    private EngineIoServerRegistry Registry(out EngineIoDispatcher dispatcher)
    {
        var registry = new EngineIoServerRegistry();
        dispatcher = new EngineIoDispatcher(Server(new EngineIoOptions()));
        registry.AddDenseEndpoint("/engine.io", dispatcher);
        return registry;
    }

    private EngineIoServer Server(EngineIoOptions options)
    {
        var server = new EngineIoServer(
            options,
            new RecordingHandler(),
            TimeProvider.System,
            NullLogger.Instance,
            new EngineIoMetrics(_services.GetRequiredService<IMeterFactory>()));
        _servers.Add(server);
        return server;
    }
}
