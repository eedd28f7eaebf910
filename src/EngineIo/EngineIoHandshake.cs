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
        Headers = HandshakeHeaders.Copy(request.Headers);
        Url = HandshakeStrings.Shared.Share(string.Concat(request.PathBase.Value, request.Path.Value, request.QueryString.Value));
        RemoteIpAddress = context.Connection.RemoteIpAddress;
        IsSecure = request.IsHttps;
        User = IsAnonymous(context.User) ? _anonymous : context.User;
        Time = time;
    }

    /// <summary>
    /// The request headers, every one but <c>Sec-WebSocket-Key</c>, in the order and spelling of the request's header
    /// collection, looked up ignoring case; a repeated header keeps all its values, and a missing one reads as
    /// <see cref="StringValues.Empty"/>.
    /// </summary>
    /// <remarks>
    /// Read-only: setting a header, <c>Add</c>, <c>Remove</c>, <c>Clear</c> and setting
    /// <see cref="IHeaderDictionary.ContentLength"/> throw <see cref="InvalidOperationException"/>. Copy them into a
    /// <see cref="HeaderDictionary"/> to change them. The collection is kept small because every session holds it.
    /// </remarks>
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
