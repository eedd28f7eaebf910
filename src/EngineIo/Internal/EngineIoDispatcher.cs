using System.Net.WebSockets;
using System.Text;
using EngineIo.Protocol;
using EngineIo.Transports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EngineIo.Internal;

/// <summary>
/// Routes every request of an Engine.IO endpoint: handshakes, polling GET/POST, WebSocket handshakes and upgrades.
/// The checks run in the reference server's order, so that a malformed request gets the same error code.
/// </summary>
internal sealed partial class EngineIoDispatcher
{
    private readonly EngineIoServer _server;
    private readonly EngineIoOptions _options;

    public EngineIoDispatcher(EngineIoServer server)
    {
        _server = server;
        _options = server.Options;
    }

    public EngineIoServer Server => _server;

    /// <remarks>
    /// Not async itself, nor are the checks below it: a WebSocket's request task lives as long as the connection, and
    /// every async frame on that path would stay allocated with it. For the same reason no frame that waits on a
    /// WebSocket session takes the <see cref="HttpContext"/> (an async method keeps its parameters for as long as it
    /// runs): on the dense path (<c>UseEngineIoWebSockets</c>) the request is transient, and must be free to go once the
    /// socket is accepted.
    /// </remarks>
    public Task ExecuteAsync(HttpContext context)
    {
        var request = context.Request;
        if (_options.Cors is { } cors && CorsResponder.Apply(context, cors))
        {
            return Task.CompletedTask;
        }

        var query = request.Query;
        var isWebSocketRequest = context.WebSockets.IsWebSocketRequest;
        var transport = ParseTransport(query["transport"]);
        if ((transport & _options.Transports) == EngineIoTransports.None)
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnknownTransport);
        }

        var sid = Last(query["sid"]);
        if (string.IsNullOrEmpty(sid))
        {
            return HandshakeAsync(context, transport, isWebSocketRequest);
        }

        if (!_server.TryGetSession(sid, out var session) || session.CloseIfPongOverdue())
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnknownSid);
        }

        if (isWebSocketRequest)
        {
            // An upgrade opens a new connection: it is checked as a WebSocket handshake is, or a page on another origin
            // could carry a session it joined over polling onto a WebSocket the checks never saw.
            return _options.AllowRequest is { } allowUpgrade
                ? UpgradeIfAllowedAsync(context, allowUpgrade, session, transport)
                : UpgradeAsync(context, session, transport);
        }

        if (session.Transport != transport)
        {
            return RefuseAsync(context, isWebSocketRequest: false, EngineErrorCode.BadRequest);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return PollingTransport.HandleGetAsync(context, session);
        }

        if (HttpMethods.IsPost(request.Method))
        {
            return PollingTransport.HandlePostAsync(context, session);
        }

        return RefuseAsync(context, isWebSocketRequest: false, EngineErrorCode.BadRequest);
    }

    private Task HandshakeAsync(HttpContext context, EngineIoTransports transport, bool isWebSocketRequest)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.BadHandshakeMethod);
        }

        if (transport == EngineIoTransports.WebSocket && !isWebSocketRequest)
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.BadRequest);
        }

        if (_options.AllowRequest is { } allowRequest)
        {
            return HandshakeIfAllowedAsync(context, allowRequest, transport, isWebSocketRequest);
        }

        return OpenSessionAsync(context, transport, isWebSocketRequest);
    }

    /// <summary>
    /// Unwrapped rather than awaited: the decision's frame ends once the session is started, and so lets go of the
    /// request; awaiting the session in it would keep the request for the session's life.
    /// </summary>
    private Task HandshakeIfAllowedAsync(HttpContext context, Func<HttpContext, ValueTask<bool>> allowRequest, EngineIoTransports transport, bool isWebSocketRequest) =>
        DecideHandshakeAsync(context, allowRequest, transport, isWebSocketRequest).Unwrap();

    private async Task<Task> DecideHandshakeAsync(HttpContext context, Func<HttpContext, ValueTask<bool>> allowRequest, EngineIoTransports transport, bool isWebSocketRequest)
    {
        if (!await allowRequest(context))
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.Forbidden);
        }

        return OpenSessionAsync(context, transport, isWebSocketRequest);
    }

    private Task OpenSessionAsync(HttpContext context, EngineIoTransports transport, bool isWebSocketRequest)
    {
        if (SessionProtocol.FromHandshake(context.Request.Query, _options.AllowEio3) is not { } protocol)
        {
            return RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnsupportedProtocolVersion);
        }

        if (_server.IsStopping)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }

        if (!isWebSocketRequest)
        {
            return PollingHandshakeAsync(context, protocol);
        }

        // A WebSocket handshake that names polling: the reference accepts it and closes it at once.
        return transport == EngineIoTransports.WebSocket ? WebSocketHandshakeAsync(context, protocol) : AcceptAndCloseAsync(context);
    }

    private async Task PollingHandshakeAsync(HttpContext context, SessionProtocol protocol)
    {
        if (_server.TryCreateSession(context, EngineIoTransports.Polling, protocol) is not { } session)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        session.StartHeartbeat();
        var offerUpgrade = _options.AllowUpgrades && (_options.Transports & EngineIoTransports.WebSocket) != 0;
        var openPacket = HandshakeWriter.WriteOpenPacketData(session.Id, offerUpgrade, _options);
        if (_options.Cookie is { } cookie)
        {
            context.Response.Headers.Append("Set-Cookie", FormatCookie(cookie, session.Id));
        }

        await session.OpenAsync();
        await PollingTransport.WriteOpenPacketAsync(context, session, openPacket);
    }

    /// <remarks>
    /// An accept that completes at once (as on the dense path) goes straight on to the transport, whose task is then
    /// the request's: no frame of this class waits for as long as the connection lives.
    /// </remarks>
    private Task WebSocketHandshakeAsync(HttpContext context, SessionProtocol protocol)
    {
        // Read before the accept: on the dense path the request may be gone once the socket is accepted.
        var base64 = protocol.IsV3 && WantsBase64(context.Request.Query);
        var accepting = AcceptWebSocketSessionAsync(context, protocol);
        return accepting.IsCompletedSuccessfully ? RunWebSocketSession(accepting.Result, base64) : RunWebSocketSessionAsync(accepting, base64);
    }

    /// <summary>
    /// Ends once the socket is accepted and the session created: the last frame of this path to hold the request. No
    /// session if the host began to stop while the socket was being accepted.
    /// </summary>
    private async ValueTask<(IWebSocketConnection Socket, EngineIoSession? Session)> AcceptWebSocketSessionAsync(HttpContext context, SessionProtocol protocol)
    {
        // The open packet follows at once (or a close frame, without a session): the 101 leaves with it.
        var socket = await AcceptWebSocketAsync(context, flush: false);
        return (socket, _server.TryCreateSession(context, EngineIoTransports.WebSocket, protocol));
    }

    private async Task RunWebSocketSessionAsync(ValueTask<(IWebSocketConnection Socket, EngineIoSession? Session)> accepting, bool base64) =>
        await RunWebSocketSession(await accepting, base64);

    private Task RunWebSocketSession((IWebSocketConnection Socket, EngineIoSession? Session) accepted, bool base64)
    {
        if (accepted.Session is null)
        {
            return CloseAtOnceAsync(accepted.Socket);
        }

        var openPacket = HandshakeWriter.WriteOpenPacketData(accepted.Session.Id, offerWebSocketUpgrade: false, _options);
        return WebSocketTransport.RunAsync(accepted.Session, accepted.Socket, openPacket, base64);
    }

    /// <summary>Unwrapped rather than awaited, as <see cref="HandshakeIfAllowedAsync"/> is, for the same reason.</summary>
    private Task UpgradeIfAllowedAsync(HttpContext context, Func<HttpContext, ValueTask<bool>> allowRequest, EngineIoSession session, EngineIoTransports transport) =>
        DecideUpgradeAsync(context, allowRequest, session, transport).Unwrap();

    private async Task<Task> DecideUpgradeAsync(HttpContext context, Func<HttpContext, ValueTask<bool>> allowRequest, EngineIoSession session, EngineIoTransports transport)
    {
        if (!await allowRequest(context))
        {
            return RefuseAsync(context, isWebSocketRequest: true, EngineErrorCode.Forbidden);
        }

        return UpgradeAsync(context, session, transport);
    }

    private Task UpgradeAsync(HttpContext context, EngineIoSession session, EngineIoTransports transport)
    {
        // Read before the accept: on the dense path the request may be gone once the socket is accepted.
        var base64 = session.ProtocolInfo.IsV3 && WantsBase64(context.Request.Query);
        var accepting = AcceptWebSocketAsync(context, flush: true);
        return accepting.IsCompletedSuccessfully
            ? RunUpgrade(accepting.Result, session, transport, base64)
            : RunUpgradeAsync(accepting, session, transport, base64);
    }

    private async Task RunUpgradeAsync(Task<IWebSocketConnection> accepting, EngineIoSession session, EngineIoTransports transport, bool base64) =>
        await RunUpgrade(await accepting, session, transport, base64);

    private Task RunUpgrade(IWebSocketConnection socket, EngineIoSession session, EngineIoTransports transport, bool base64) =>
        transport == EngineIoTransports.WebSocket && _options.AllowUpgrades
            ? WebSocketTransport.RunUpgradeAsync(session, socket, base64)
            : CloseAtOnceAsync(socket);

    /// <summary>
    /// Whether a protocol v3 WebSocket must carry binary as base64 text: its client sent <c>b64</c>, as the reference
    /// reads it from the request that made the transport. Protocol v4 always sends binary frames.
    /// </summary>
    private static bool WantsBase64(IQueryCollection query) => EngineProtocolV3.WantsBase64(Last(query["b64"]));

    private Task AcceptAndCloseAsync(HttpContext context) => AcceptAndCloseAsync(AcceptWebSocketAsync(context, flush: false));

    private static async Task AcceptAndCloseAsync(Task<IWebSocketConnection> accepting) => await CloseAtOnceAsync(await accepting);

    private static async Task CloseAtOnceAsync(IWebSocketConnection socket)
    {
        using (socket)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    /// <summary>
    /// Accepts the WebSocket on the path the request came by: the dense path's own connection if it served the request,
    /// else the one ASP.NET Core's WebSocket middleware accepts (which always flushes its 101). <paramref name="flush"/>
    /// false leaves the dense path's 101 for the first frame's flush to carry (see
    /// <see cref="IWebSocketConnectionFeature.AcceptAsync"/>).
    /// </summary>
    private Task<IWebSocketConnection> AcceptWebSocketAsync(HttpContext context, bool flush) =>
        context.Features.Get<IWebSocketConnectionFeature>() is { } connection
            ? connection.AcceptAsync(flush)
            : StandardWebSocketConnection.AcceptAsync(context, _options.PerMessageDeflate);

    private Task RefuseAsync(HttpContext context, bool isWebSocketRequest, EngineErrorCode code)
    {
        Log.RequestRefused(_server.Logger, code.ToString(), context.Request.Method, Last(context.Request.Query["transport"]));
        if (!isWebSocketRequest)
        {
            return EngineErrorResponses.WriteAsync(context.Response, code);
        }

        // The reference refuses a WebSocket handshake with a plain 400 whatever the code, the message as text.
        var message = Encoding.UTF8.GetBytes(code switch
        {
            EngineErrorCode.UnknownTransport => "Transport unknown",
            EngineErrorCode.UnknownSid => "Session ID unknown",
            EngineErrorCode.BadHandshakeMethod => "Bad handshake method",
            EngineErrorCode.Forbidden => "Forbidden",
            EngineErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
            _ => "Bad request",
        });
        var response = context.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/html";
        response.ContentLength = message.Length;
        return response.Body.WriteAsync(message).AsTask();
    }

    private static EngineIoTransports ParseTransport(StringValues values) => Last(values) switch
    {
        "polling" => EngineIoTransports.Polling,
        "websocket" => EngineIoTransports.WebSocket,
        _ => EngineIoTransports.None,
    };

    /// <summary>A repeated query parameter takes its last value, as URLSearchParams does in the reference.</summary>
    private static string? Last(StringValues values) => values.Count == 0 ? null : values[values.Count - 1];

    private static string FormatCookie(EngineIoCookieOptions cookie, string sid)
    {
        var builder = new StringBuilder(64).Append(cookie.Name).Append('=').Append(sid);
        if (!string.IsNullOrEmpty(cookie.Path))
        {
            builder.Append("; Path=").Append(cookie.Path);
        }

        if (cookie.HttpOnly)
        {
            builder.Append("; HttpOnly");
        }

        if (cookie.Secure)
        {
            builder.Append("; Secure");
        }

        var sameSite = cookie.SameSite switch
        {
            Microsoft.AspNetCore.Http.SameSiteMode.Strict => "Strict",
            Microsoft.AspNetCore.Http.SameSiteMode.Lax => "Lax",
            Microsoft.AspNetCore.Http.SameSiteMode.None => "None",
            _ => null,
        };
        if (sameSite is not null)
        {
            builder.Append("; SameSite=").Append(sameSite);
        }

        return builder.ToString();
    }
}
