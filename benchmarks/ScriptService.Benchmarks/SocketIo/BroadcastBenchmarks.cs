using System.Buffers;
using BenchmarkDotNet.Attributes;
using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Internal;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>
/// A broadcast to <see cref="SocketCount"/> sockets over an in-memory transport: a real <see cref="SocketIoServer"/>
/// (from <c>AddSocketIo</c>) behind a real <see cref="EngineIoServer"/>, with Engine.IO sessions that no transport
/// drains. Each operation emits once to room <c>all</c> and then drains every session's queue into a pooled array, as
/// a polling GET or the WebSocket writer would, so the queues never fill.
/// </summary>
/// <remarks>
/// The packet is encoded once and every target queues the same bytes, so allocation per operation should not depend
/// on <see cref="SocketCount"/>: a session's queue (a ring of <see cref="OutboundPacket"/> structs) and the adapter's
/// target array are reused.
/// </remarks>
[MemoryDiagnoser]
public class BroadcastBenchmarks : IDisposable
{
    private const string Room = "all";
    private const string EventName = "tick";

    private static readonly byte[] _expectedPacket = """2["tick",{"jobId":"5f0c2a9e","status":"done","data":1}]"""u8.ToArray();

    private ServiceProvider? _services;
    private EngineIoServer? _engine;
    private SocketIoServer _io = null!;
    private EngineIoSession[] _sessions = [];
    private object?[] _args = [];

    [Params(1_000, 10_000)]
    public int SocketCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddSocketIo(options => options.JsonSerializerOptions = SocketIoSamples.CreateConfiguredOptions())
            .BuildServiceProvider();
        _io = _services.GetRequiredService<SocketIoServer>();
        _io.Sockets.OnConnection(static socket =>
        {
            socket.Join(Room);
            return default;
        });

        // As EngineIoEndpointRouteBuilderExtensions.MapEngineIo builds an endpoint's server, with the Socket.IO server as its handler.
        _engine = new EngineIoServer(
            _services.GetRequiredService<IOptionsFactory<EngineIoOptions>>().Create(Options.DefaultName),
            _io,
            _services.GetRequiredService<TimeProvider>(),
            _services.GetRequiredService<ILoggerFactory>().CreateLogger("EngineIo"),
            _services.GetRequiredService<EngineIoMetrics>());

        _sessions = new EngineIoSession[SocketCount];
        for (var i = 0; i < _sessions.Length; i++)
        {
            var session = _engine.TryCreateSession(new DefaultHttpContext(), EngineIoTransports.WebSocket, SessionProtocol.V4)!;
            // SocketIoServer.OnOpenedAsync (the Socket.IO client), then OnMessageAsync with the "40" of the wire: an
            // Engine.IO message carrying a Socket.IO CONNECT to "/". The connection handler puts the socket in the room.
            await session.OpenAsync();
            if (!await session.ReceiveAsync(new EnginePacket(EnginePacketType.Message, "0"u8.ToArray(), isBinary: false))
                || !TryDrainOne(session, out var answer) || !answer.AsSpan().StartsWith("0{\"sid\":"u8))
            {
                throw new InvalidOperationException("A session did not get a socket in \"/\".");
            }

            _sessions[i] = session;
        }

        if (_io.Sockets.Sockets.Count != SocketCount || _io.Sockets.Adapter.Sockets(new HashSet<string> { Room }).Count != SocketCount)
        {
            throw new InvalidOperationException($"Expected {SocketCount} sockets in room \"{Room}\".");
        }

        // Every target gets exactly the expected packet, once, from each benchmark.
        _args = [SocketIoSamples.Result];
        await _io.To(Room).EmitAsync(EventName, _args);
        CheckEachReceivedOnce();
        await _io.EmitAsync(EventName, _args);
        CheckEachReceivedOnce();
        SendToEach();
        CheckEachReceivedOnce();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Abort(EngineIoDisconnectReason.ServerShutdown);
        }

        _engine?.Dispose();
        _services?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The raw primitive: the Engine.IO layer alone. The already encoded packet is queued on every session and the
    /// queues drained, with no Socket.IO encoding, room lookup or socket selection.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int SendEncodedPrimitive()
    {
        SendToEach();
        return DrainAll();
    }

    /// <summary><c>io.To("all").EmitAsync("tick", result)</c>, then drain every queue.</summary>
    [Benchmark]
    public async ValueTask<int> EmitToRoom()
    {
        // A broadcast queues and returns: the task is already complete, so this await allocates nothing.
        await _io.To(Room).EmitAsync(EventName, _args);
        return DrainAll();
    }

    /// <summary><c>io.EmitAsync("tick", result)</c> (every socket of the namespace, no room), then drain every queue.</summary>
    [Benchmark]
    public async ValueTask<int> EmitToNamespace()
    {
        await _io.EmitAsync(EventName, _args);
        return DrainAll();
    }

    private void SendToEach()
    {
        foreach (var session in _sessions)
        {
            session.Send(_expectedPacket);
        }
    }

    private void CheckEachReceivedOnce()
    {
        foreach (var session in _sessions)
        {
            if (!TryDrainOne(session, out var packet) || !packet.AsSpan().SequenceEqual(_expectedPacket))
            {
                throw new InvalidOperationException("A session did not receive the broadcast exactly once.");
            }
        }
    }

    private int DrainAll()
    {
        var total = 0;
        foreach (var session in _sessions)
        {
            var count = session.DrainQueue(out var packets, out var held);
            session.EndWrite(held);
            if (count > 0)
            {
                total += count;
                Array.Clear(packets!, 0, count);
                ArrayPool<OutboundPacket>.Shared.Return(packets!);
            }
        }

        return total;
    }

    private static bool TryDrainOne(EngineIoSession session, out byte[] data)
    {
        var count = session.DrainQueue(out var packets, out var held);
        session.EndWrite(held);
        data = count == 1 && packets![0].Type == EnginePacketType.Message ? packets[0].Data.ToArray() : [];
        if (packets is not null)
        {
            Array.Clear(packets, 0, count);
            ArrayPool<OutboundPacket>.Shared.Return(packets);
        }

        return count == 1;
    }
}
