using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using EngineIo.Diagnostics;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// The peek on in-memory pipes, where the test decides what each read sees: whatever the dense path passes on,
/// Kestrel's first read must return at once with every byte, none consumed, however many reads the peek took.
/// </summary>
public sealed class DenseWebSocketPeekTests : IDisposable
{
    private static readonly byte[] _upgradeStart = Encoding.ASCII.GetBytes("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n");

    private readonly TestTimeProvider _time = new();
    private readonly TestLifetime _lifetime = new();
    private readonly ServiceProvider _services;
    private readonly EngineIoServer _server;
    private readonly Pipe _pipe = new(new PipeOptions(useSynchronizationContext: false));
    private readonly DefaultConnectionContext _connection;
    private readonly TaskCompletionSource<ReadResult> _kestrelRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConnectionDelegate _middleware;

    public DenseWebSocketPeekTests()
    {
        var registry = new EngineIoServerRegistry();
        _services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton(registry).AddSingleton<TimeProvider>(_time)
            .AddSingleton<IHostApplicationLifetime>(_lifetime).BuildServiceProvider();
        _server = new EngineIoServer(new EngineIoOptions(), new RecordingHandler(), _time, NullLogger.Instance, new EngineIoMetrics(_services.GetRequiredService<IMeterFactory>()));
        registry.AddDenseEndpoint("/engine.io", new EngineIoDispatcher(_server));
        var output = new Pipe();
        _connection = new DefaultConnectionContext("peek", new DuplexPipe(_pipe.Reader, output.Writer), new DuplexPipe(output.Reader, _pipe.Writer));

        var kestrel = new KestrelServerOptions { ApplicationServices = _services };
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        ListenOptions? listen = null;
        kestrel.Listen(IPAddress.Loopback, 0, options => listen = options);

        // Behind the dense path, what Kestrel's HTTP pipeline does first: read.
        listen!.UseEngineIoWebSockets().Use(_ => async connection =>
        {
            var result = await connection.Transport.Input.ReadAsync();
            _kestrelRead.TrySetResult(result);
        });
        _middleware = listen!.Build();
    }

    public void Dispose()
    {
        _server.Dispose();
        _services.Dispose();
        _lifetime.Dispose();
    }

    [Fact]
    public async Task NotAGet_PassedOnAtTheFirstByte()
    {
        await _pipe.Writer.WriteAsync("P"u8.ToArray());

        var running = _middleware(_connection);

        var read = await _kestrelRead.Task.DefaultTimeout();
        Assert.Equal("P", Encoding.ASCII.GetString(read.Buffer));
        Assert.IsNotType<ResumingPipeReader>(_connection.Transport.Input);
        await running.DefaultTimeout();
    }

    [Fact]
    public async Task PassedOnAfterSeveralReads_KestrelsFirstReadReturnsEverythingAtOnce()
    {
        await _pipe.Writer.WriteAsync(_upgradeStart);
        var running = _middleware(_connection);
        Assert.False(_kestrelRead.Task.IsCompleted, "An upgrade to an endpoint: the peek waits for the rest of the head.");

        // Version 12 is not a clean upgrade: passed on, with the first read's bytes examined already.
        await _pipe.Writer.WriteAsync("Sec-WebSocket-Version: 12\r\n\r\n"u8.ToArray());

        var read = await _kestrelRead.Task.DefaultTimeout();
        Assert.Equal(_upgradeStart.Length + 29, read.Buffer.Length);
        await running.DefaultTimeout();
    }

    /// <summary>
    /// The client used up its headers timeout: the peek answers as Kestrel would, and the connection never reaches
    /// Kestrel, whose own headers timeout would otherwise start again.
    /// </summary>
    [Fact]
    public async Task HeadersTimeout_WhileWaitingForMore_408AndKestrelNeverReads()
    {
        await _pipe.Writer.WriteAsync(_upgradeStart);
        var running = _middleware(_connection);
        Assert.False(_kestrelRead.Task.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(30));

        await running.DefaultTimeout();
        var response = await ReadWrittenAsync(_connection);
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", response, StringComparison.Ordinal);
        Assert.False(_kestrelRead.Task.IsCompleted);
    }

    /// <summary>As Kestrel counts: the keep-alive timeout until the first byte, the headers timeout from it.</summary>
    [Fact]
    public async Task HeadersTimeout_CountsFromTheFirstByte()
    {
        var (connection, pipe) = CreateInlineConnection();
        var running = _middleware(connection);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(running.IsCompleted);

        // The peek reads it before the write returns.
        await pipe.Writer.WriteAsync(_upgradeStart);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await running.DefaultTimeout();
        Assert.StartsWith("HTTP/1.1 408 ", await ReadWrittenAsync(connection), StringComparison.Ordinal);
        Assert.False(_kestrelRead.Task.IsCompleted);
    }

    [Fact]
    public async Task KeepAliveTimeout_NothingSent_ClosedWithoutAnAnswer()
    {
        var running = _middleware(_connection);

        _time.Advance(TimeSpan.FromSeconds(130));

        await running.DefaultTimeout();
        Assert.Equal("", await ReadWrittenAsync(_connection));
        Assert.False(_kestrelRead.Task.IsCompleted);
    }

    /// <summary>
    /// Once the peek has waited for more of a head, it hands on only a whole head: Kestrel's headers timeout would
    /// start again on a part of one.
    /// </summary>
    [Fact]
    public async Task PassedOnAfterWaiting_OnlyOnceTheHeadIsWhole()
    {
        var (connection, pipe) = CreateInlineConnection();
        await pipe.Writer.WriteAsync("G"u8.ToArray());
        var running = _middleware(connection);

        // Not an Engine.IO path: decided, but not whole.
        await pipe.Writer.WriteAsync("ET /elsewhere HTTP/1.1\r\nHost: x\r\n"u8.ToArray());
        Assert.False(_kestrelRead.Task.IsCompleted);

        await pipe.Writer.WriteAsync("\r\n"u8.ToArray());

        var read = await _kestrelRead.Task.DefaultTimeout();
        Assert.Equal("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n", Encoding.ASCII.GetString(read.Buffer));
        await running.DefaultTimeout();
    }

    [Fact]
    public async Task ClientEndsItsSide_WhileWaitingForMore_KestrelGetsWhatArrived()
    {
        await _pipe.Writer.WriteAsync(_upgradeStart);
        var running = _middleware(_connection);
        Assert.False(_kestrelRead.Task.IsCompleted);

        await _pipe.Writer.CompleteAsync();

        var read = await _kestrelRead.Task.DefaultTimeout();
        Assert.True(read.IsCompleted);
        Assert.Equal(_upgradeStart.Length, read.Buffer.Length);
        await running.DefaultTimeout();
    }

    [Fact]
    public async Task HostStopping_WhileWaitingForMore_KestrelGetsWhatArrived()
    {
        await _pipe.Writer.WriteAsync(_upgradeStart);
        var running = _middleware(_connection);
        Assert.False(_kestrelRead.Task.IsCompleted);

        await _lifetime.StopAsync();

        var read = await _kestrelRead.Task.DefaultTimeout();
        Assert.False(read.IsCanceled);
        Assert.Equal(_upgradeStart.Length, read.Buffer.Length);
        await running.DefaultTimeout();
    }

    [Fact]
    public async Task ResumingReader_AfterTheReplayedRead_ReadsOnAsUsual()
    {
        await _pipe.Writer.WriteAsync("abc"u8.ToArray());
        var first = await _pipe.Reader.ReadAsync();
        var reader = new ResumingPipeReader(_pipe.Reader, first);

        var replayed = await reader.ReadAsync();
        reader.AdvanceTo(replayed.Buffer.GetPosition(1), replayed.Buffer.End);
        var waiting = reader.ReadAsync();
        Assert.False(waiting.IsCompleted, "Everything was examined: the next read waits for more.");
        await _pipe.Writer.WriteAsync("d"u8.ToArray());

        Assert.Equal("bcd", Encoding.ASCII.GetString((await waiting.AsTask().DefaultTimeout()).Buffer));
    }

    /// <summary>A connection whose reads complete on the writing thread: once a write returns, the peek has seen it.</summary>
    private static (DefaultConnectionContext Connection, Pipe Input) CreateInlineConnection()
    {
        var input = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var output = new Pipe();
        return (new DefaultConnectionContext("inline", new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer)), input);
    }

    /// <summary>Everything the middleware wrote to the connection, once it has completed its output.</summary>
    private static async Task<string> ReadWrittenAsync(DefaultConnectionContext connection)
    {
        var input = connection.Application!.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().DefaultTimeout();
            if (result.IsCompleted)
            {
                var text = Encoding.ASCII.GetString(result.Buffer);
                input.AdvanceTo(result.Buffer.End);
                return text;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>A host lifetime whose stopping the test triggers.</summary>
    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public Task StopAsync() => _stopping.CancelAsync();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
