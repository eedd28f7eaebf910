using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EngineIo.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// A real Kestrel app with Engine.IO at <see cref="Path"/> and two loopback listeners: <see cref="DensePort"/> with
/// <c>UseEngineIoWebSockets()</c>, and <see cref="StandardPort"/> without, so that a test can send the same request
/// down both paths. Beside Engine.IO it serves <c>GET /hello</c>, <c>POST /echo</c> and a WebSocket echo at <c>/ws</c>
/// (through <c>UseWebSockets</c>), which the dense listener must pass through untouched.
/// </summary>
public sealed class DenseTestServer : IAsyncDisposable
{
    public const string Path = "/engine.io";

    private readonly WebApplication _app;
    private readonly ListenOptions _dense;
    private readonly ListenOptions _standard;
    private readonly ConcurrentQueue<IDisposable> _clients = new();
    private bool _stopped;

    private DenseTestServer(WebApplication app, RecordingHandler handler, ListenOptions dense, ListenOptions standard, LogCapture log)
    {
        _app = app;
        Handler = handler;
        _dense = dense;
        _standard = standard;
        Log = new UpgradeLog(log);
        app.UseWebSockets();
        app.MapGet("/hello", (HttpResponse response) =>
        {
            response.ContentLength = 5;
            return response.WriteAsync("hello");
        });
        app.MapPost("/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync()));
        app.Map("/ws", EchoWebSocketAsync);
        app.MapEngineIo(Path, handler);
    }

    public RecordingHandler Handler { get; }

    /// <summary>What the dense path logged: every upgrade it took.</summary>
    public UpgradeLog Log { get; }

    /// <summary>The output of each connection to the dense listener, in the order they came, if the server records them.</summary>
    public IReadOnlyCollection<FlushRecorder> FlushRecorders { get; private init; } = [];

    public int DensePort => _dense.IPEndPoint!.Port;

    public int StandardPort => _standard.IPEndPoint!.Port;

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a server. <paramref name="configure"/> goes to <c>AddEngineIo</c>; <paramref name="kestrel"/> may change
    /// Kestrel's limits; <paramref name="certificate"/> puts TLS on the dense listener, before the dense path or
    /// (<paramref name="tlsAfterDense"/>) wrongly after it. With <paramref name="recordFlushes"/>, each connection to the
    /// dense listener writes through a <see cref="FlushRecorder"/> (<see cref="FlushRecorders"/>).
    /// </summary>
    public static async Task<DenseTestServer> StartAsync(
        Action<EngineIoOptions>? configure = null,
        Action<KestrelServerOptions>? kestrel = null,
        TimeProvider? timeProvider = null,
        X509Certificate2? certificate = null,
        bool tlsAfterDense = false,
        bool recordFlushes = false)
    {
        var recorders = new ConcurrentQueue<FlushRecorder>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        var log = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.AddFilter("EngineIo.WebSockets", LogLevel.Debug);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddEngineIo(configure);
        ListenOptions? dense = null;
        ListenOptions? standard = null;
        builder.WebHost.ConfigureKestrel(options =>
        {
            kestrel?.Invoke(options);
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                dense = listen;
                if (certificate is not null && !tlsAfterDense)
                {
                    listen.UseHttps(certificate);
                }

                if (recordFlushes)
                {
                    listen.Use(next => connection =>
                    {
                        var recorder = new FlushRecorder(connection.Transport.Output);
                        recorders.Enqueue(recorder);
                        connection.Transport = new EngineIo.WebSockets.DuplexPipe(connection.Transport.Input, recorder);
                        return next(connection);
                    });
                }

                listen.UseEngineIoWebSockets();
                if (certificate is not null && tlsAfterDense)
                {
                    listen.UseHttps(certificate);
                }
            });
            options.Listen(IPAddress.Loopback, 0, listen => standard = listen);
        });

        var app = builder.Build();
        var server = new DenseTestServer(app, new RecordingHandler(), dense!, standard!, log) { FlushRecorders = recorders };
        await app.StartAsync().DefaultTimeout();
        return server;
    }

    public static string Url(string transport = "websocket", string? sid = null, string? extra = null) =>
        $"{Path}/?EIO=4&transport={transport}{(sid is null ? "" : "&sid=" + sid)}{extra}";

    /// <summary>A <see cref="ClientWebSocket"/> connected to the endpoint on the dense listener; disposed with the server.</summary>
    public async Task<TestWebSocket> ConnectAsync(string? sid = null, int? port = null, Action<ClientWebSocketOptions>? configure = null, string scheme = "ws")
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(client.Options);
        var socket = new TestWebSocket(client);
        _clients.Enqueue(socket);
        await client.ConnectAsync(new Uri($"{scheme}://127.0.0.1:{port ?? DensePort}{Url(sid: sid)}"), CancellationToken.None).DefaultTimeout();
        return socket;
    }

    /// <summary>An <see cref="HttpClient"/> for the dense listener (or <paramref name="port"/>); disposed with the server.</summary>
    public HttpClient CreateClient(int? port = null, string scheme = "http", HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"{scheme}://127.0.0.1:{port ?? DensePort}") };
        _clients.Enqueue(client);
        return client;
    }

    /// <summary>Opens a session on the dense path; returns the socket (open packet consumed), its sid and the handler's record.</summary>
    public async Task<(TestWebSocket Socket, string Sid, SessionRecord Session)> OpenSessionAsync()
    {
        var socket = await ConnectAsync();
        var sid = OpenPacket.Parse(await socket.ReceiveTextAsync()).Sid;
        return (socket, sid, await Handler.SessionAsync(sid));
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (!_stopped)
        {
            await _app.StopAtOnceAsync();
        }

        await _app.DisposeAsync();
        Assert.True(Handler.Violations.Count == 0, "Handler contract violated: " + string.Join(" ", Handler.Violations));
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(buffer, 0, result.Count)), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
