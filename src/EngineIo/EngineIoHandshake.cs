using System.Net;
using System.Security.Claims;
using EngineIo.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace EngineIo;

/// <summary>
/// What the request that opened a session carried. It is copied out of the request, because polling requests are
/// recycled as soon as they complete.
/// </summary>
public sealed class EngineIoHandshake
{
    /// <summary>The principal of a request that nobody authenticated: one for all of them.</summary>
    private static readonly ClaimsPrincipal _anonymous = new(new ClaimsIdentity());

    private IQueryCollection? _query;

    internal EngineIoHandshake(HttpContext context, DateTimeOffset time)
    {
        var request = context.Request;
        var headers = new HeaderDictionary(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            if (!ShouldKeep(header.Key))
            {
                continue;
            }

            headers[HandshakeStrings.Shared.Share(header.Key)] = ShouldShare(header.Key) ? Share(header.Value) : header.Value;
        }

        Headers = headers;
        Url = HandshakeStrings.Shared.Share(string.Concat(request.PathBase.Value, request.Path.Value, request.QueryString.Value));
        RemoteIpAddress = context.Connection.RemoteIpAddress;
        IsSecure = request.IsHttps;
        User = IsAnonymous(context.User) ? _anonymous : context.User;
        Time = time;
    }

    /// <summary>The request headers.</summary>
    public IHeaderDictionary Headers { get; }

    /// <summary>The query string parameters (EIO, transport, and anything the client added).</summary>
    public IQueryCollection Query => _query ??= ParseQuery(Url);

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

    /// <summary>The WebSocket key is the one header unique to every connection and of no use once it is open.</summary>
    private static bool ShouldKeep(string name) => !string.Equals(name, "Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase);

    /// <summary>Credentials are per user: sharing them would only fill the shared strings with one-offs.</summary>
    private static bool ShouldShare(string name) =>
        !string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase);

    private static StringValues Share(StringValues values) => values.Count switch
    {
        0 => values,
        1 => new StringValues(HandshakeStrings.Shared.Share(values[0]!)),
        _ => values,
    };

    private static bool IsAnonymous(ClaimsPrincipal user)
    {
        foreach (var identity in user.Identities)
        {
            if (identity.IsAuthenticated || identity.Claims.Any())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parsed on first use, from the URL: most applications never read it, and the parse costs a dictionary.</summary>
    private static QueryCollection ParseQuery(string url)
    {
        var start = url.IndexOf('?', StringComparison.Ordinal);
        return start < 0 ? QueryCollection.Empty : new QueryCollection(QueryHelpers.ParseQuery(url[start..]));
    }
}
