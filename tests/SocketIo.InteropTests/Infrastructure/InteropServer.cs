using System.Net;
using EngineIo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocketIo.InteropTests.Infrastructure;

/// <summary>
/// A real Kestrel app on an ephemeral loopback port with Socket.IO at <c>/socket.io</c>, shared by the tests of one
/// class (an xunit class fixture). Subclasses give it the behaviour their scenario needs; what its handlers see goes
/// to <see cref="Signals"/>, keyed by the run id each Node client sends in <c>auth.run</c>.
/// </summary>
public abstract class InteropServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    /// <summary>
    /// The same app on a second listener with <c>UseEngineIoWebSockets()</c>: WebSocket upgrades to Socket.IO take the
    /// dense path there, everything else is served as on <see cref="Url"/>.
    /// </summary>
    public string DenseUrl { get; private set; } = "";

    public Signals Signals { get; } = new();

    /// <summary>The server's log: the libraries' at Debug, the frameworks' at Warning.</summary>
    public LogCapture Logs { get; } = new(static category =>
        category.StartsWith("SocketIo", StringComparison.Ordinal) || category.StartsWith("EngineIo", StringComparison.Ordinal) ? LogLevel.Debug : LogLevel.Warning);

    /// <summary>Socket.IO settings, the first argument of <c>AddSocketIo</c>.</summary>
    protected virtual void ConfigureSocketIo(SocketIoOptions options)
    {
    }

    /// <summary>Engine.IO settings, the second argument of <c>AddSocketIo</c>.</summary>
    protected virtual void ConfigureEngineIo(EngineIoOptions options)
    {
    }

    /// <summary>Endpoints besides Socket.IO, and the namespaces' middleware and handlers.</summary>
    protected abstract void Configure(WebApplication app, ISocketIoServer io);

    public async Task InitializeAsync()
    {
        Signals.Context = Describe;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        ListenOptions? standard = null;
        ListenOptions? dense = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => standard = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen => dense = listen.UseEngineIoWebSockets());
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(Logs);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSocketIo(ConfigureSocketIo, ConfigureEngineIo);

        var app = builder.Build();
        app.MapSocketIo("/socket.io");
        Configure(app, app.Services.GetRequiredService<ISocketIoServer>());
        await app.StartAsync();
        _app = app;

        Url = $"http://127.0.0.1:{standard!.IPEndPoint!.Port}";
        DenseUrl = $"http://127.0.0.1:{dense!.IPEndPoint!.Port}";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A failure message's tail: the server's recent log.</summary>
    public string Describe() => "--- server log ---" + Environment.NewLine + Logs.Dump();
}

/// <summary>Helpers for the servers' handlers.</summary>
public static class SocketExtensions
{
    /// <summary>The test run a socket belongs to: its client's <c>auth.run</c>.</summary>
    public static string Run(this SocketIoSocket socket) =>
        socket.Handshake.Auth.ValueKind == System.Text.Json.JsonValueKind.Object
        && socket.Handshake.Auth.TryGetProperty("run", out var run)
        && run.ValueKind == System.Text.Json.JsonValueKind.String
            ? run.GetString()!
            : "";

    /// <summary>A string property of the client's <c>auth</c>, or null.</summary>
    public static string? AuthString(this SocketIoSocket socket, string name) =>
        socket.Handshake.Auth.ValueKind == System.Text.Json.JsonValueKind.Object
        && socket.Handshake.Auth.TryGetProperty(name, out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A number property of the client's <c>auth</c>, or -1.</summary>
    public static int AuthInt(this SocketIoSocket socket, string name) =>
        socket.Handshake.Auth.ValueKind == System.Text.Json.JsonValueKind.Object
        && socket.Handshake.Auth.TryGetProperty(name, out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.Number
            ? value.GetInt32()
            : -1;

    /// <summary>The transport's name as the client names it.</summary>
    public static string TransportName(this SocketIoSocket socket) => socket.Transport switch
    {
        EngineIoTransports.WebSocket => "websocket",
        EngineIoTransports.Polling => "polling",
        var other => other.ToString(),
    };
}
