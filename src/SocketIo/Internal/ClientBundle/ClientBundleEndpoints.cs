using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Internal.ClientBundle;

/// <summary>
/// Serves the client bundle at <c>&lt;path&gt;/&lt;file&gt;</c> for GET and HEAD, with the reference's headers: the
/// version as a strong entity tag, <c>Cache-Control: public, max-age=0</c> (so a browser asks again each time, and
/// gets a <c>304</c> while the version is the same) and the reference's content types. Other methods and names below
/// the path are left to the Engine.IO endpoint, whose literal routes these outrank.
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
        if (IsCurrent(context.Request, entityTag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var content = file.Content;
        response.ContentType = file.ContentType;
        response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(content, context.RequestAborted).AsTask();
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
