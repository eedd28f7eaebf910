using BenchmarkDotNet.Attributes;
using EngineIo;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo;
using SocketIo.Internal;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>
/// The server's half of the load test's echo round trip, in memory: one Engine.IO session receives
/// <c>2&lt;id&gt;["echo","&lt;32 chars&gt;"]</c> (the load driver's default packet), the Socket.IO layer decodes and
/// dispatches it to the bench server's <c>echo</c> handler, which acks its arguments, and the ack is taken off the
/// session's queue as the WebSocket writer would. Transport framing and the socket are left out.
/// </summary>
[MemoryDiagnoser]
public class EchoRoundTripBenchmarks : IDisposable
{
    private static readonly byte[] _event = """217["echo","abcdefghijklmnopqrstuvwxyz012345"]"""u8.ToArray();
    private static readonly byte[] _expectedAck = """317["abcdefghijklmnopqrstuvwxyz012345"]"""u8.ToArray();

    private ServiceProvider? _services;
    private EngineIoServer? _engine;
    private EngineIoSession _session = null!;

    /// <summary>
    /// What the last ack taken from the queue holds, given back when the next one is taken (as a writer does once the
    /// flush that carried it has completed).
    /// </summary>
    private long _held;

    [GlobalSetup]
    public async Task Setup()
    {
        _services = new ServiceCollection().AddLogging().AddSocketIo().BuildServiceProvider();
        var io = _services.GetRequiredService<SocketIoServer>();
        SocketIoEventListener echo = EchoAsync;
        io.Sockets.OnConnection(socket =>
        {
            socket.On("echo", echo);
            return default;
        });

        _engine = new EngineIoServer(
            _services.GetRequiredService<IOptionsFactory<EngineIoOptions>>().Create(Options.DefaultName),
            io,
            _services.GetRequiredService<TimeProvider>(),
            _services.GetRequiredService<ILoggerFactory>().CreateLogger("EngineIo"),
            _services.GetRequiredService<EngineIoMetrics>());
        _session = _engine.TryCreateSession(new DefaultHttpContext(), EngineIoTransports.WebSocket, SessionProtocol.V4)!;
        await _session.OpenAsync();
        if (!await _session.ReceiveAsync(new EnginePacket(EnginePacketType.Message, "0"u8.ToArray(), isBinary: false))
            || !_session.TryDequeue(ref _held, out var connected) || !connected.Data.Span.StartsWith("0{\"sid\":"u8))
        {
            throw new InvalidOperationException("The session did not get a socket in \"/\".");
        }

        _held = connected.BufferedLength;

        if (!(await Echo()).Span.SequenceEqual(_expectedAck) || _session.TryDequeue(ref _held, out _))
        {
            throw new InvalidOperationException("The echo did not come back as exactly one ack with the same payload.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _session?.Abort(EngineIoDisconnectReason.ServerShutdown);
        _engine?.Dispose();
        _services?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One event in, its ack out.</summary>
    [Benchmark]
    public async ValueTask<ReadOnlyMemory<byte>> Echo()
    {
        // The handler acks synchronously, so this completes synchronously: no task is allocated by the benchmark.
        await _session.ReceiveAsync(new EnginePacket(EnginePacketType.Message, _event, isBinary: false));
        _session.TryDequeue(ref _held, out var ack);
        _held = ack.BufferedLength;
        return ack.Data;
    }

    /// <summary>What <c>benchmarks/BenchServer/BenchEvents.cs</c> does for <c>echo</c>.</summary>
    private static ValueTask EchoAsync(SocketIoEvent e)
    {
        var args = new object?[e.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = e.IsBinary(i) ? e.GetBinary(i) : e[i];
        }

        return e.AckAsync(args);
    }
}
