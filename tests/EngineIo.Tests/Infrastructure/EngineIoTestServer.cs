using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using EngineIo.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EngineIo.Tests.Infrastructure;

/// <summary>
/// A real Kestrel app on an ephemeral loopback port serving Engine.IO at <see cref="Path"/> with a
/// <see cref="RecordingHandler"/>, plus a raw <see cref="HttpClient"/> and <see cref="ClientWebSocket"/> factory to
/// talk to it. Each test starts its own, with the options it needs.
/// </summary>
public sealed class EngineIoTestServer : IAsyncDisposable
{
    public const string Path = "/engine.io";

    /// <summary>A request carrying this header signals <see cref="SendDispatchedAsync"/> once the server has dispatched it.</summary>
    private const string TrackingHeader = "x-test-request";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _dispatched = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TestWebSocket> _webSockets = new();
    private bool _stopped;

    private EngineIoTestServer(WebApplication app, RecordingHandler handler)
    {
        _app = app;
        Handler = handler;
        app.Use(TrackDispatch);
        app.MapEngineIo(Path, handler);
    }

    public RecordingHandler Handler { get; }

    /// <summary>A client for plain HTTP requests, with the server as its base address and no cookie handling.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>The Engine.IO endpoint's internal server (sessions, timers).</summary>
    internal EngineIoServer EngineServer => Services.GetRequiredService<EngineIoServerRegistry>().Snapshot().Single();

    /// <summary>
    /// Starts a server. <paramref name="configure"/> goes to <c>AddEngineIo</c>; a <paramref name="timeProvider"/> (a
    /// FakeTimeProvider) is registered before it, so that heartbeats and timeouts follow the test's clock.
    /// </summary>
    public static async Task<EngineIoTestServer> StartAsync(Action<EngineIoOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddEngineIo(configure);
        var server = new EngineIoTestServer(builder.Build(), new RecordingHandler());
        await server._app.StartAsync().DefaultTimeout();

        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.BaseAddress = new Uri(addresses.Single());
        server.Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return server;
    }

    /// <summary>The path and query of an Engine.IO request: <c>/engine.io/?EIO=4&amp;transport=…&amp;sid=…</c>.</summary>
    public static string Url(string transport = "polling", string? sid = null)
    {
        var url = $"{Path}/?EIO=4&transport={transport}";
        return sid is null ? url : $"{url}&sid={sid}";
    }

    /// <summary>Opens a polling session; returns its sid and the handler's record of it.</summary>
    public async Task<(string Sid, SessionRecord Session)> OpenPollingSessionAsync()
    {
        using var response = await Client.GetAsync(Url()).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sid = OpenPacket.Parse(body).Sid;
        return (sid, await Handler.SessionAsync(sid));
    }

    /// <summary>Opens a session directly over WebSocket; returns the socket (open packet consumed), sid and record.</summary>
    public async Task<(TestWebSocket Socket, string Sid, SessionRecord Session)> OpenWebSocketSessionAsync()
    {
        var socket = await ConnectWebSocketAsync();
        var sid = OpenPacket.Parse(await socket.ReceiveTextAsync()).Sid;
        return (socket, sid, await Handler.SessionAsync(sid));
    }

    /// <summary>Connects a WebSocket to the endpoint (with a sid, to upgrade that session). Closed when the server is disposed.</summary>
    public async Task<TestWebSocket> ConnectWebSocketAsync(string? sid = null, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(client.Options);
        var socket = new TestWebSocket(client);
        _webSockets.Enqueue(socket);
        var uri = new UriBuilder(BaseAddress) { Scheme = "ws" }.Uri;
        await client.ConnectAsync(new Uri(uri, Url("websocket", sid)), CancellationToken.None).DefaultTimeout();
        return socket;
    }

    public Task<HttpResponseMessage> GetAsync(string sid) => Client.GetAsync(Url(sid: sid)).DefaultTimeout();

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        Client.PostAsync(Url(sid: sid), new StringContent(body, Encoding.UTF8, "text/plain")).DefaultTimeout();

    public Task<HttpResponseMessage> PostAsync(string sid, HttpContent content) => Client.PostAsync(Url(sid: sid), content).DefaultTimeout();

    /// <summary>
    /// Starts a polling GET and returns once the server has dispatched it, that is once the GET holds the session's
    /// poll slot: the returned task is its response. Cancelling <paramref name="cancellationToken"/> aborts the request.
    /// </summary>
    public Task<Task<HttpResponseMessage>> BeginGetAsync(string sid, CancellationToken cancellationToken = default) =>
        SendDispatchedAsync(new HttpRequestMessage(HttpMethod.Get, Url(sid: sid)), cancellationToken);

    /// <summary>Starts a POST whose body the caller streams; returns once the server holds it (see <see cref="BeginGetAsync"/>).</summary>
    public Task<Task<HttpResponseMessage>> BeginPostAsync(string sid, HttpContent content, CancellationToken cancellationToken = default) =>
        SendDispatchedAsync(new HttpRequestMessage(HttpMethod.Post, Url(sid: sid)) { Content = content }, cancellationToken);

    /// <summary>
    /// Sends a request and waits until the endpoint has run as far as it can without waiting (the synchronous part of
    /// its dispatch, where a poll or post claims its slot). Returns the response task.
    /// </summary>
    public async Task<Task<HttpResponseMessage>> SendDispatchedAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        var dispatched = _dispatched.GetOrAdd(id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        request.Headers.Add(TrackingHeader, id);
        var response = Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var first = await Task.WhenAny(dispatched.Task, response).DefaultTimeout();
        if (first == response && !dispatched.Task.IsCompleted)
        {
            // The request failed before reaching the endpoint: surface why.
            await response;
            throw new InvalidOperationException("The request completed without reaching the Engine.IO endpoint.");
        }

        return response;
    }

    /// <summary>A GET carrying WebSocket handshake headers, for inspecting how the server refuses one.</summary>
    public static HttpRequestMessage CreateWebSocketHandshakeRequest(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        return request;
    }

    /// <summary>Stops the host the way a real shutdown does (hosted services first, then Kestrel).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopped = true;
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _webSockets)
        {
            socket.Dispose();
        }

        // Disposing the client cancels its pending requests and closes its connections.
        Client?.Dispose();
        if (!_stopped)
        {
            await _app.StopAtOnceAsync();
        }

        await _app.DisposeAsync();
        Assert.True(Handler.Violations.Count == 0, "Handler contract violated: " + string.Join(" ", Handler.Violations));
    }

    private Task TrackDispatch(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Headers.TryGetValue(TrackingHeader, out var id))
        {
            return next(context);
        }

        // Everything up to the endpoint's first real wait runs inside this call.
        var running = next(context);
        _dispatched.GetOrAdd(id.ToString(), static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return running;
    }
}
