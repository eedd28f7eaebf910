using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EngineIo;

/// <summary>
/// What the request that opened a session carried. It is copied out of the request, because polling requests are
/// recycled as soon as they complete.
/// </summary>
public sealed class EngineIoHandshake
{
    internal EngineIoHandshake(HttpContext context, DateTimeOffset time)
    {
        var request = context.Request;
        var headers = new HeaderDictionary(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value;
        }

        Headers = headers;
        Query = request.Query;
        Url = string.Concat(request.PathBase.Value, request.Path.Value, request.QueryString.Value);
        RemoteIpAddress = context.Connection.RemoteIpAddress;
        IsSecure = request.IsHttps;
        User = context.User;
        Time = time;
    }

    /// <summary>The request headers.</summary>
    public IHeaderDictionary Headers { get; }

    /// <summary>The query string parameters (EIO, transport, and anything the client added).</summary>
    public IQueryCollection Query { get; }

    /// <summary>The path and query of the request.</summary>
    public string Url { get; }

    /// <summary>The client's address as the server saw it (after any forwarded-headers middleware).</summary>
    public IPAddress? RemoteIpAddress { get; }

    /// <summary>True if the request came over HTTPS.</summary>
    public bool IsSecure { get; }

    /// <summary>The user that authentication established for the request, if any.</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>When the handshake was made.</summary>
    public DateTimeOffset Time { get; }
}
