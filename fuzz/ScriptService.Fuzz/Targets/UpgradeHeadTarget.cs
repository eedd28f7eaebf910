using System.Buffers;
using System.Diagnostics.Metrics;
using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ScriptService.Fuzz;

/// <summary>
/// The first bytes of a connection, as the dense path's upgrade parser sees them: with Kestrel's default limits and with
/// tiny ones, in one segment and cut in two. The decision must not depend on the cut, and a head it takes must end
/// with an empty line within the bytes and carry a well-formed key.
/// </summary>
internal static class UpgradeHeadTarget
{
    private static readonly EngineIoServerRegistry _registry = CreateRegistry();

    private static readonly KestrelServerLimits _defaultLimits = new();

    private static readonly KestrelServerLimits _tinyLimits = new() { MaxRequestLineSize = 64, MaxRequestHeadersTotalSize = 256, MaxRequestHeaderCount = 8 };

    public static void Run(byte[] input)
    {
        Check(input, _defaultLimits);
        Check(input, _tinyLimits);
    }

    private static void Check(byte[] input, KestrelServerLimits limits)
    {
        var decision = WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(input), limits, _registry, out var request);
        InvariantException.Check((decision == UpgradeDecision.Take) == (request is not null), "a request without Take, or Take without a request");
        if (request is not null)
        {
            InvariantException.Check(request.HeadLength <= input.Length && input.AsSpan(0, request.HeadLength).EndsWith("\r\n\r\n"u8), "a taken head does not end with an empty line");
            InvariantException.Check(request.HeadLength <= limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize, "a taken head over Kestrel's limits");
            InvariantException.Check(request.Key.Length == 24 && request.Path.StartsWith('/'), "a taken head with a malformed key or path");
        }

        if (input.Length < 2)
        {
            return;
        }

        var cut = input[^1] % (input.Length - 1) + 1;
        var first = new Segment(input.AsMemory(0, cut));
        var last = first.Append(input.AsMemory(cut));
        var split = WebSocketUpgradeParser.Decide(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), limits, _registry, out var splitRequest);
        InvariantException.Check(split == decision, $"{decision} in one segment, {split} in two");
        InvariantException.Check(
            request is null || (splitRequest!.HeadLength == request.HeadLength && splitRequest.RawTarget == request.RawTarget && splitRequest.Key == request.Key),
            "the request taken depends on segmentation");
    }

    private static EngineIoServerRegistry CreateRegistry()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var server = new EngineIoServer(
            new EngineIoOptions(),
            new NoHandler(),
            TimeProvider.System,
            NullLogger.Instance,
            new EngineIoMetrics(services.GetRequiredService<IMeterFactory>()));
        var registry = new EngineIoServerRegistry();
        registry.AddDenseEndpoint("/engine.io", new EngineIoDispatcher(server));
        return registry;
    }

    private sealed class NoHandler : IEngineIoHandler
    {
        public ValueTask OnOpenedAsync(EngineIoSocket socket) => default;

        public ValueTask OnMessageAsync(EngineIoSocket socket, EngineIoMessage message) => default;

        public void OnClosed(EngineIoSocket socket, EngineIoDisconnectReason reason)
        {
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
