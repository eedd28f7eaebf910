using System.Collections.Concurrent;
using EngineIo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// A real Kestrel app on an ephemeral loopback port serving Socket.IO at <see cref="Path"/> through
/// <c>AddSocketIo</c>/<c>MapSocketIo</c>, with a <see cref="SocketTracker"/> as its first middleware and the server's
/// log kept in <see cref="Logs"/>. Each test starts its own, with the options it needs. Errors in the log fail the
/// test at dispose (a handler's failed assertion ends up there), unless the test expects them.
/// </summary>
public sealed class SocketIoTestServer : IAsyncDisposable
{
    public const string Path = "/socket.io";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SocketIoTestClient> _clients = new();
    private bool _stopped;

    private SocketIoTestServer(WebApplication app, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        Io = app.Services.GetRequiredService<ISocketIoServer>();
    }

    public ISocketIoServer Io { get; }

    /// <summary>Every socket the server created, by id.</summary>
    public SocketTracker Sockets { get; } = new();

    public LogCapture Logs { get; }

    /// <summary>Set when the test provokes errors in the log on purpose.</summary>
    public bool ErrorsExpected { get; set; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every endpoint the app mapped.</summary>
    public IReadOnlyList<Endpoint> Endpoints => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A plain HTTP client with the server as its base address (for polling).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts a server. <paramref name="configure"/> sets up namespaces and middleware before the first request;
    /// <paramref name="options"/> and <paramref name="engine"/> go to <c>AddSocketIo</c>; a
    /// <paramref name="timeProvider"/> is registered before it, so that every timer follows the test's clock;
    /// <paramref name="services"/> runs before <c>AddSocketIo</c> too (to register an adapter factory, say);
    /// <paramref name="path"/> replaces <see cref="Path"/> for tests of the HTTP side only (the clients use <see cref="Path"/>);
    /// <paramref name="mapped"/> gets the builder <c>MapSocketIo</c> returned.
    /// </summary>
    public static async Task<SocketIoTestServer> StartAsync(
        Action<ISocketIoServer>? configure = null,
        Action<SocketIoOptions>? options = null,
        Action<EngineIoOptions>? engine = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? services = null,
        string path = Path,
        Action<IEndpointConventionBuilder>? mapped = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // All of it: an error anywhere in a test's log fails the test at dispose.
        var logs = new LogCapture(capacity: int.MaxValue);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("SocketIo", LogLevel.Debug);
        builder.Services.Configure<HostOptions>(static o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddSocketIo(options, engine);

        var app = builder.Build();
        var endpoint = app.MapSocketIo(path);
        mapped?.Invoke(endpoint);
        var server = new SocketIoTestServer(app, logs);
        server.Io.Use(server.Sockets.TrackAsync);
        configure?.Invoke(server.Io);
        await app.StartAsync().DefaultTimeout();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BaseAddress = new Uri(addresses.Single());
        server.Client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
        return server;
    }

    /// <summary>Opens an Engine.IO connection over WebSocket (open packet read, no namespace joined).</summary>
    public async Task<SocketIoTestClient> ConnectAsync(bool answerPings = true)
    {
        var client = await SocketIoTestClient.ConnectAsync(BaseAddress, Path, answerPings);
        _clients.Enqueue(client);
        return client;
    }

    /// <summary>Opens a connection and joins <paramref name="nsp"/>; returns the client and the server's socket.</summary>
    public async Task<(SocketIoTestClient Client, SocketIoSocket Socket)> ConnectSocketAsync(string nsp = "/", string? auth = null)
    {
        var client = await ConnectAsync();
        var sid = await client.ConnectNamespaceAsync(nsp, auth);
        return (client, Sockets[sid].Socket);
    }

    /// <summary>Stops the host as a real shutdown does.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync().DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        while (_clients.TryDequeue(out var client))
        {
            await client.DisposeAsync();
        }

        Client?.Dispose();
        if (!_stopped)
        {
            await _app.StopAtOnceAsync();
        }

        await _app.DisposeAsync();
        if (!ErrorsExpected)
        {
            var errors = Logs.Entries.Where(static entry => entry.Level >= LogLevel.Error).ToList();
            Assert.True(errors.Count == 0, "The server logged errors: " + string.Join(" | ", errors.Select(static e => $"{e.Message} {e.Exception}")));
        }
    }
}
