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
internal sealed class EngineIoDispatcher
{
    private readonly EngineIoServer _server;
    private readonly EngineIoOptions _options;

    public EngineIoDispatcher(EngineIoServer server)
    {
        _server = server;
        _options = server.Options;
    }

    public async Task ExecuteAsync(HttpContext context)
    {
        var request = context.Request;
        if (_options.Cors is { } cors && CorsResponder.Apply(context, cors))
        {
            return;
        }

        var query = request.Query;
        var isWebSocketRequest = context.WebSockets.IsWebSocketRequest;
        var transport = ParseTransport(query["transport"]);
        if ((transport & _options.Transports) == EngineIoTransports.None)
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnknownTransport);
            return;
        }

        var sid = Last(query["sid"]);
        if (string.IsNullOrEmpty(sid))
        {
            await HandshakeAsync(context, transport, isWebSocketRequest);
            return;
        }

        if (!_server.TryGetSession(sid, out var session))
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnknownSid);
            return;
        }

        if (isWebSocketRequest)
        {
            await UpgradeAsync(context, session, transport);
            return;
        }

        if (session.Transport != transport)
        {
            await RefuseAsync(context, isWebSocketRequest: false, EngineErrorCode.BadRequest);
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            await PollingTransport.HandleGetAsync(context, session);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            await PollingTransport.HandlePostAsync(context, session);
        }
        else
        {
            await RefuseAsync(context, isWebSocketRequest: false, EngineErrorCode.BadRequest);
        }
    }

    private async Task HandshakeAsync(HttpContext context, EngineIoTransports transport, bool isWebSocketRequest)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method))
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.BadHandshakeMethod);
            return;
        }

        if (transport == EngineIoTransports.WebSocket && !isWebSocketRequest)
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.BadRequest);
            return;
        }

        if (_options.AllowRequest is { } allowRequest && !await allowRequest(context))
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.Forbidden);
            return;
        }

        if (Last(request.Query["EIO"]) != "4")
        {
            await RefuseAsync(context, isWebSocketRequest, EngineErrorCode.UnsupportedProtocolVersion);
            return;
        }

        if (_server.IsStopping)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (isWebSocketRequest)
        {
            if (transport != EngineIoTransports.WebSocket)
            {
                // A WebSocket handshake that names polling: the reference accepts it and closes it at once.
                using var refused = await AcceptWebSocketAsync(context);
                await refused.CloseOutputAsync(WebSocketCloseStatus.Empty, null, context.RequestAborted);
                return;
            }

            await WebSocketHandshakeAsync(context);
            return;
        }

        var session = _server.CreateSession(context, EngineIoTransports.Polling);
        var offerUpgrade = _options.AllowUpgrades && (_options.Transports & EngineIoTransports.WebSocket) != 0;
        var openPacket = HandshakeWriter.WriteOpenPacketData(session.Id, offerUpgrade, _options);
        if (_options.Cookie is { } cookie)
        {
            context.Response.Headers.Append("Set-Cookie", FormatCookie(cookie, session.Id));
        }

        await session.OpenAsync();
        session.StartHeartbeat();
        await PollingTransport.WriteOpenPacketAsync(context, openPacket);
    }

    private async Task WebSocketHandshakeAsync(HttpContext context)
    {
        var socket = await AcceptWebSocketAsync(context);
        using (socket)
        {
            var session = _server.CreateSession(context, EngineIoTransports.WebSocket);
            var openPacket = HandshakeWriter.WriteOpenPacketData(session.Id, offerWebSocketUpgrade: false, _options);
            await WebSocketTransport.RunAsync(session, socket, openPacket);
        }
    }

    private async Task UpgradeAsync(HttpContext context, EngineIoSession session, EngineIoTransports transport)
    {
        using var socket = await AcceptWebSocketAsync(context);
        if (transport != EngineIoTransports.WebSocket || !_options.AllowUpgrades)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, context.RequestAborted);
            return;
        }

        await WebSocketTransport.RunUpgradeAsync(session, socket);
    }

    private Task<WebSocket> AcceptWebSocketAsync(HttpContext context)
    {
        return context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = _options.PerMessageDeflate,
            // Engine.IO has its own heartbeat; WebSocket-level pings would cost a timer per connection for nothing.
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
        });
    }

    private Task RefuseAsync(HttpContext context, bool isWebSocketRequest, EngineErrorCode code)
    {
        _server.Log.RequestRefused(code.ToString(), context.Request.Method, Last(context.Request.Query["transport"]));
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
