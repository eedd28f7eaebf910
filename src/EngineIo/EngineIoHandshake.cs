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

    /// <summary>
    /// When, in UTC ticks: a <see cref="DateTimeOffset"/> field would take twice the room in every session, and the time
    /// comes from <see cref="TimeProvider.GetUtcNow"/>, whose offset is zero.
    /// </summary>
    private readonly long _utcTicks;

    /// <summary>
    /// The kept headers: the array of pairs that <see cref="HandshakeHeaders.CopyPairs"/> made, until
    /// <see cref="Headers"/> is first read and wraps them (most applications never read them, and every idle session
    /// holds this).
    /// </summary>
    private object _headers;

    internal EngineIoHandshake(HttpContext context, DateTimeOffset time)
    {
        var request = context.Request;
        _headers = HandshakeHeaders.CopyPairs(request.Headers);
        Url = HandshakeStrings.Shared.Share(string.Concat(request.PathBase.Value, request.Path.Value, request.QueryString.Value));
        RemoteIpAddress = context.Connection.RemoteIpAddress;
        IsSecure = request.IsHttps;
        User = IsAnonymous(context.User) ? _anonymous : context.User;
        _utcTicks = time.UtcTicks;
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
    public IHeaderDictionary Headers
    {
        get
        {
            var kept = Volatile.Read(ref _headers);
            if (kept is IHeaderDictionary headers)
            {
                return headers;
            }

            // Readers on several threads may wrap them at once: all of them return the first wrapper stored.
            var wrapped = HandshakeHeaders.Wrap((KeyValuePair<string, StringValues>[])kept);
            return (IHeaderDictionary)(Interlocked.CompareExchange(ref _headers, wrapped, kept) is var stored && ReferenceEquals(stored, kept) ? wrapped : stored);
        }
    }

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
    public DateTimeOffset Time => new(_utcTicks, TimeSpan.Zero);

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
