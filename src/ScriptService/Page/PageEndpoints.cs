using Microsoft.Net.Http.Headers;

namespace ScriptService.Page;

/// <summary>
/// The page at <c>/</c>: the client guide's flow in a browser (a form that registers a job and posts it, the job's
/// progress, the finished script, this browser's recent jobs), in Vietnamese and English. It is the project's own
/// HTML, CSS and JavaScript, embedded in the assembly, and loads the Socket.IO client from the library's own
/// <c>/socket.io/socket.io.min.js</c>: nothing comes from elsewhere, so it works without the internet.
/// </summary>
internal static class PageEndpoints
{
    /// <summary>
    /// Only what the page itself needs: its own scripts and styles, and connections to its own origin (Socket.IO's
    /// polling and WebSocket, the API). No inline script or style, so an injected one would not run.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] _methods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapScriptPage(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints, "/", PageAsset.Load("index.html", "text/html; charset=utf-8"));
        Map(endpoints, "/page/page.css", PageAsset.Load("page.css", "text/css; charset=utf-8"));
        Map(endpoints, "/page/page.js", PageAsset.Load("page.js", "text/javascript; charset=utf-8"));
    }

    private static void Map(IEndpointRouteBuilder endpoints, string path, PageAsset asset) =>
        endpoints.MapMethods(path, _methods, context => ServeAsync(context, asset)).WithDisplayName("Page " + path);

    private static Task ServeAsync(HttpContext context, PageAsset asset)
    {
        var response = context.Response;
        // Asked again on every load (a 304 while unchanged), so that a new version of the service is never mixed with
        // an old page held in a cache.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.EntityTag.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(asset.EntityTag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
