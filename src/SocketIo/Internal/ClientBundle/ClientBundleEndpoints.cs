using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Internal.ClientBundle;

/// <summary>
/// Serves the client bundle at <c>&lt;path&gt;/&lt;file&gt;</c> for GET and HEAD, with the reference's headers: the
/// version as a strong entity tag, <c>Cache-Control: public, max-age=0</c> (so a browser asks again each time, and
/// gets a <c>304</c> while the version is the same) and the reference's content types, in Brotli or gzip when the
/// client accepts one (the reference's deflate is left out: every browser that takes it takes gzip). Other methods and
/// names below the path are left to the Engine.IO endpoint, whose literal routes these outrank.
/// </summary>
internal static class ClientBundleEndpoints
{
    private const string CacheControl = "public, max-age=0";

    private static readonly string[] _methods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly Lazy<EntityTagHeaderValue> _entityTag = new(static () => new EntityTagHeaderValue('"' + ClientBundle.Version + '"'));

    /// <summary>Maps one endpoint per file below <paramref name="path"/>; returns their convention builders.</summary>
    public static IEndpointConventionBuilder[] Map(IEndpointRouteBuilder endpoints, string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        var builders = new IEndpointConventionBuilder[ClientBundle.Files.Count];
        var i = 0;
        foreach (var file in ClientBundle.Files.Values)
        {
            builders[i++] = endpoints.MapMethods(prefix + file.Name, _methods, context => ServeAsync(context, file))
                .WithDisplayName("Socket.IO client " + prefix + file.Name);
        }

        return builders;
    }

    private static Task ServeAsync(HttpContext context, ClientBundleFile file)
    {
        var response = context.Response;
        var entityTag = _entityTag.Value;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = entityTag.ToString();
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (IsCurrent(context.Request, entityTag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var coding = Negotiate(context.Request);
        if (coding != ContentCoding.Identity)
        {
            response.Headers.ContentEncoding = coding == ContentCoding.Brotli ? "br" : "gzip";
        }

        var content = file.Get(coding);
        response.ContentType = file.ContentType;
        response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The encoding to send: the one of Brotli and gzip the client rates higher in <c>Accept-Encoding</c> (Brotli on a
    /// tie, being smaller), counting <c>*</c> for a coding it does not name; none when it accepts neither.
    /// </summary>
    private static ContentCoding Negotiate(HttpRequest request)
    {
        if (request.Headers.AcceptEncoding.Count == 0
            || !StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings))
        {
            return ContentCoding.Identity;
        }

        var brotli = Quality(codings, "br");
        var gzip = Quality(codings, "gzip");
        return brotli <= 0 && gzip <= 0 ? ContentCoding.Identity
            : brotli >= gzip ? ContentCoding.Brotli
            : ContentCoding.Gzip;
    }

    private static double Quality(IList<StringWithQualityHeaderValue> codings, string name)
    {
        double? named = null;
        double? any = null;
        foreach (var coding in codings)
        {
            if (coding.Value.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                named = coding.Quality ?? 1;
            }
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
            {
                any = coding.Quality ?? 1;
            }
        }

        return named ?? any ?? 0;
    }

    /// <summary>
    /// Whether the client already holds this version: <c>If-None-Match</c> names the tag (weakly compared, as RFC 9110
    /// asks for this header, so <c>W/"…"</c> counts as the reference counts it) or is <c>*</c>.
    /// </summary>
    private static bool IsCurrent(HttpRequest request, EntityTagHeaderValue entityTag)
    {
        if (request.Headers.IfNoneMatch.Count == 0
            || !EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(entityTag, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }
}
