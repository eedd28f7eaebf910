using System.Net;
using System.Net.WebSockets;
using EngineIo.Transports;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace EngineIo.WebSockets;

/// <summary>
/// One WebSocket upgrade the dense path took: it runs the endpoint's own dispatcher on a transient
/// <see cref="HttpContext"/> built from the parsed head, and is that context's <see cref="IHttpWebSocketFeature"/> and
/// <see cref="IWebSocketConnectionFeature"/>. Accepting writes the 101 and hands out a <see cref="PipeWebSocket"/>; a
/// dispatcher that does not accept has its response (status, headers, body) written to the connection, which then
/// closes.
/// </summary>
/// <remarks>
/// It lets go of the request the moment the socket is accepted, so that nothing holds the <see cref="HttpContext"/>,
/// its headers or its features afterwards. When the dispatcher accepts before it returns, nothing holds this object
/// either; otherwise <see cref="CompleteAsync"/> keeps it, with the connection, the log, the clock and two small
/// values, for as long as the dispatcher runs.
/// </remarks>
internal sealed partial class DenseWebSocketUpgrade : IHttpWebSocketFeature, IWebSocketConnectionFeature
{
    private readonly ConnectionContext _connection;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxMessageSize;

    /// <summary>The request until the socket is accepted; a refusal is written from its response.</summary>
    private HttpContext? _context;

    /// <summary>The client's key until the accept answers it.</summary>
    private string? _key;

    private bool _accepted;

    private DenseWebSocketUpgrade(ConnectionContext connection, string key, int maxMessageSize, ILogger logger, TimeProvider timeProvider)
    {
        _connection = connection;
        _key = key;
        _maxMessageSize = maxMessageSize;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public bool IsWebSocketRequest => true;

    /// <summary>True once the endpoint accepted the socket: it then runs the whole session in its dispatcher.</summary>
    public bool Accepted => _accepted;

    /// <summary>Builds the request and starts the endpoint's dispatcher on it; <paramref name="dispatching"/> serves the connection.</summary>
    public static DenseWebSocketUpgrade Start(
        ConnectionContext connection, WebSocketUpgradeRequest request, IServiceProvider services, ILogger logger, TimeProvider timeProvider, out Task dispatching)
    {
        var upgrade = new DenseWebSocketUpgrade(connection, request.Key, request.Dispatcher.Server.Options.MaxPayload, logger, timeProvider);
        var context = upgrade.CreateContext(request, services);
        upgrade._context = context;
        Log.UpgradeTaken(logger, connection.ConnectionId, request.Path);
        try
        {
            dispatching = request.Dispatcher.ExecuteAsync(context);
        }
        catch (Exception ex)
        {
            dispatching = Task.FromException(ex);
        }

        return upgrade;
    }

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        if (context?.SubProtocol is not null)
        {
            throw new NotSupportedException("The dense WebSocket path negotiates no subprotocol.");
        }

        return await AcceptPipeWebSocketAsync();
    }

    /// <summary>How the endpoint's dispatcher accepts: the transport gets the socket as its <see cref="IWebSocketConnection"/>.</summary>
    async Task<IWebSocketConnection> IWebSocketConnectionFeature.AcceptAsync(bool flush) => await AcceptPipeWebSocketAsync(flush);

    /// <summary>
    /// Writes the 101 and lets go of the request; when the flush completes at once, this allocates nothing. Without
    /// <paramref name="flush"/> the 101 goes out with the socket's first flush.
    /// </summary>
    private async ValueTask<PipeWebSocket> AcceptPipeWebSocketAsync(bool flush = true)
    {
        if (_context is not { } request || _key is not { } key)
        {
            throw new InvalidOperationException("The WebSocket was accepted already.");
        }

        var output = _connection.Transport.Output;
        HttpHeadWriter.WriteSwitchingProtocols(output, key, request.Response.Headers);
        _accepted = true;
        _context = null;
        _key = null;
        if (flush)
        {
            await output.FlushAsync();
        }

        return new PipeWebSocket(_connection, _maxMessageSize);
    }

    /// <summary>
    /// Waits for a dispatcher that had not accepted when it returned, then answers as it decided: nothing more if it
    /// accepted, its response if it refused, a 500 if it threw.
    /// </summary>
    public async Task CompleteAsync(Task dispatching)
    {
        try
        {
            await dispatching;
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
            return;
        }

        if (!_accepted)
        {
            await RespondAsync();
        }
    }

    /// <summary>The dispatcher did not accept: its response goes out as it set it, and the connection closes.</summary>
    private async Task RespondAsync()
    {
        var refused = _context!;
        var body = refused.Features.Get<IHttpResponseBodyFeature>()!;
        await body.CompleteAsync();
        var buffer = (MemoryStream)body.Stream;
        Log.UpgradeRefused(_logger, _connection.ConnectionId, refused.Response.StatusCode);
        await RespondAsync(refused, refused.Response.StatusCode, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>The dispatcher threw: before the accept the client gets a 500, as Kestrel answers such a request.</summary>
    private Task FailAsync(Exception exception)
    {
        Log.EndpointFailed(_logger, _connection.ConnectionId, exception);
        if (_context is not { } failed)
        {
            return Task.CompletedTask;
        }

        failed.Response.Headers.Clear();
        return RespondAsync(failed, StatusCodes.Status500InternalServerError, ReadOnlyMemory<byte>.Empty);
    }

    private async Task RespondAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body)
    {
        _context = null;
        var output = _connection.Transport.Output;
        try
        {
            HttpHeadWriter.WriteResponse(output, statusCode, context.Response.Headers, body.Span, _timeProvider.GetUtcNow());
            await output.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client is gone: nobody is left to answer.
        }

        await output.CompleteAsync();
    }

    /// <summary>
    /// A request as the standard path would see it at the endpoint: method, path, query and headers from the head;
    /// addresses and connection id from the connection; TLS if <c>UseHttps</c> ran first; the app's services. Its
    /// response is buffered, for a refusal to be written whole.
    /// </summary>
    private DefaultHttpContext CreateContext(WebSocketUpgradeRequest request, IServiceProvider services)
    {
        var tls = _connection.Features.Get<ITlsConnectionFeature>();
        var features = new FeatureCollection(8);
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = HttpProtocol.Http11,
            Scheme = tls is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps,
            Method = HttpMethods.Get,
            PathBase = string.Empty,
            Path = request.Path,
            QueryString = request.QueryString,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
        });
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
        var remote = _connection.RemoteEndPoint as IPEndPoint;
        var local = _connection.LocalEndPoint as IPEndPoint;
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = _connection.ConnectionId,
            RemoteIpAddress = remote?.Address,
            RemotePort = remote?.Port ?? 0,
            LocalIpAddress = local?.Address,
            LocalPort = local?.Port ?? 0,
        });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = _connection.ConnectionClosed });
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
        features.Set<IHttpWebSocketFeature>(this);
        features.Set<IWebSocketConnectionFeature>(this);
        if (tls is not null)
        {
            features.Set(tls);
        }

        return new DefaultHttpContext(features);
    }
}
