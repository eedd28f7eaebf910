using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using CsCheck;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EngineIo.Tests.Properties;

/// <summary>
/// The dense path's upgrade parser over generated heads: a clean upgrade with any extra headers, header-name case and
/// spacing is taken with its head length, in one segment or cut anywhere; every prefix of it waits for more; and the
/// same heads with a byte changed get the same decision in one segment as cut anywhere, without throwing.
/// </summary>
public sealed class UpgradeHeadProperties : IDisposable
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly EngineIoServer _server;
    private readonly EngineIoServerRegistry _registry = new();
    private readonly KestrelServerLimits _limits = new();

    public UpgradeHeadProperties()
    {
        _server = new EngineIoServer(
            new EngineIoOptions(),
            new RecordingHandler(),
            TimeProvider.System,
            NullLogger.Instance,
            new EngineIoMetrics(_services.GetRequiredService<IMeterFactory>()));
        _registry.AddDenseEndpoint("/engine.io", new EngineIoDispatcher(_server));
    }

    public void Dispose()
    {
        _server.Dispose();
        _services.Dispose();
    }

    private static readonly Gen<string> _token = Gen.Char["abcdefghijklmnopqrstuvwxyz-"].Array[1, 10].Select(c => "X-" + new string(c));

    private static readonly Gen<string> _value = Gen.Char[" !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~"].Array[0, 20].Select(c => new string(c).Trim());

    /// <summary>A clean upgrade head: the required headers in any order and case, with extra headers among them.</summary>
    private static readonly Gen<string> _cleanHead = Gen.Select(
        Gen.Select(_token, _value, (name, value) => $"{name}: {value}").Array[0, 4],
        Gen.Int[0, 1000],
        Gen.Bool,
        Gen.OneOf("", "?EIO=4&transport=websocket", "?EIO=4&transport=websocket&sid=abc"),
        Gen.OneOf(" ", "", "  ", "\t"),
        (extra, order, upper, query, space) =>
        {
            string[] required =
            [
                $"Host:{space}localhost:3000",
                $"Upgrade:{space}websocket",
                $"Connection:{space}keep-alive, Upgrade",
                $"Sec-WebSocket-Version:{space}13",
                $"Sec-WebSocket-Key:{space}{Key}",
            ];
            var headers = required.Select(h => upper ? h[..h.IndexOf(':')].ToUpperInvariant() + h[h.IndexOf(':')..] : h)
                .Concat(extra)
                .OrderBy(h => (h.GetHashCode(StringComparison.Ordinal) ^ order) & 0xFF)
                .ToArray();
            return $"GET /engine.io/{query} HTTP/1.1\r\n{string.Join("\r\n", headers)}\r\n\r\n";
        });

    [Fact]
    public void Decide_CleanHead_TakenInAnySegmentationAndNotBefore()
    {
        _cleanHead.Sample(head =>
        {
            var bytes = Encoding.ASCII.GetBytes(head);
            foreach (var sequence in Cuts(bytes))
            {
                Assert.Equal(UpgradeDecision.Take, WebSocketUpgradeParser.Decide(sequence, _limits, _registry, out var request));
                Assert.Equal(bytes.Length, request!.HeadLength);
                Assert.Equal(Key, request.Key);
                Assert.Equal("/engine.io/", request.Path);
            }

            // Frames that follow the head are not part of it.
            Assert.Equal(UpgradeDecision.Take, WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>([.. bytes, 0x81, 0x80]), _limits, _registry, out var withFrame));
            Assert.Equal(bytes.Length, withFrame!.HeadLength);
            for (var prefix = 0; prefix < bytes.Length; prefix += 7)
            {
                Assert.Equal(UpgradeDecision.NeedMoreData, WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(bytes, 0, prefix), _limits, _registry, out _));
            }
        }, iter: 1_000);
    }

    [Fact]
    public void Decide_MutatedHead_SameDecisionInAnySegmentation()
    {
        Gen.Select(_cleanHead, Gen.Int[0, 500].Array[1, 3], Gen.Byte.Array[3]).Sample((head, positions, values) =>
        {
            var bytes = Encoding.ASCII.GetBytes(head);
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i] % bytes.Length] = values[i];
            }

            var expected = WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(bytes), _limits, _registry, out var request);
            Assert.Equal(expected == UpgradeDecision.Take, request is not null);
            if (request is not null)
            {
                Assert.True(bytes.AsSpan(0, request.HeadLength).EndsWith("\r\n\r\n"u8));
            }

            foreach (var sequence in Cuts(bytes))
            {
                Assert.Equal(expected, WebSocketUpgradeParser.Decide(sequence, _limits, _registry, out var again));
                Assert.Equal(request?.HeadLength, again?.HeadLength);
            }
        }, iter: 1_000);
    }

    /// <summary>The bytes whole, then cut in two at every position.</summary>
    private static IEnumerable<ReadOnlySequence<byte>> Cuts(byte[] bytes)
    {
        yield return new ReadOnlySequence<byte>(bytes);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            yield return Sequences.Cut(bytes, cut);
        }
    }
}
