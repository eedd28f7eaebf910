using System.Security.Claims;
using System.Text.Json;
using EngineIo;
using Microsoft.AspNetCore.Http;

namespace SocketIo;

/// <summary>What a socket's client presented: the connection's HTTP request and the namespace CONNECT's auth payload.</summary>
public sealed class SocketIoHandshake
{
    private readonly EngineIoHandshake _request;

    /// <summary>
    /// When, in UTC ticks: a <see cref="DateTimeOffset"/> field would take twice the room in every session, and the time
    /// comes from <see cref="TimeProvider.GetUtcNow"/>, whose offset is zero.
    /// </summary>
    private readonly long _utcTicks;

    internal SocketIoHandshake(EngineIoHandshake request, JsonElement auth, DateTimeOffset time)
    {
        _request = request;
        Auth = auth;
        _utcTicks = time.UtcTicks;
    }

    /// <summary>
    /// The request headers of the connection (all but <c>Sec-WebSocket-Key</c>), read-only: see
    /// <see cref="EngineIoHandshake.Headers"/>.
    /// </summary>
    public IHeaderDictionary Headers => _request.Headers;

    /// <summary>The query string parameters of the connection.</summary>
    public IQueryCollection Query => _request.Query;

    /// <summary>The auth payload of the CONNECT packet (<c>auth</c> option of the client); an empty object if none.</summary>
    public JsonElement Auth { get; }

    /// <summary>The client's address.</summary>
    public string? Address => _request.RemoteIpAddress?.ToString();

    /// <summary>True if the connection is HTTPS.</summary>
    public bool Secure => _request.IsSecure;

    /// <summary>True if the request came from another origin (it carried an Origin header).</summary>
    public bool CrossDomain => Headers.Origin.Count > 0;

    /// <summary>The path and query of the first request.</summary>
    public string Url => _request.Url;

    /// <summary>The user authentication established for the first request, if any.</summary>
    public ClaimsPrincipal User => _request.User;

    /// <summary>When the namespace connection was made.</summary>
    public DateTimeOffset Time => new(_utcTicks, TimeSpan.Zero);

    /// <summary><see cref="Time"/> as Unix milliseconds, the reference's <c>issued</c>.</summary>
    public long Issued => Time.ToUnixTimeMilliseconds();
}
