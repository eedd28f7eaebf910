using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EngineIo.Internal;

/// <summary>
/// Answers cross-origin requests the way the reference's <c>cors</c> option does: headers on every response of an
/// allowed origin, and preflights answered with 204 before any Engine.IO check runs.
/// </summary>
internal static class CorsResponder
{
    private const string AllowedMethods = "GET,POST,OPTIONS";

    /// <summary>Adds the CORS headers; returns true if the request was a preflight and has been answered.</summary>
    public static bool Apply(HttpContext context, EngineIoCorsOptions cors)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        var origin = request.Headers.Origin.ToString();
        var allowedOrigin = ResolveOrigin(origin, cors);
        if (allowedOrigin is not null)
        {
            headers.AccessControlAllowOrigin = allowedOrigin;
            if (allowedOrigin != "*")
            {
                headers.Append(HeaderNames.Vary, HeaderNames.Origin);
            }

            if (cors.AllowCredentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }
        }

        if (!HttpMethods.IsOptions(request.Method) || !request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return false;
        }

        if (allowedOrigin is not null)
        {
            headers.AccessControlAllowMethods = AllowedMethods;
            if (cors.AllowedHeaders.Count > 0)
            {
                headers.AccessControlAllowHeaders = string.Join(',', cors.AllowedHeaders);
            }
            else if (request.Headers.AccessControlRequestHeaders.Count > 0)
            {
                headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders;
                headers.Append(HeaderNames.Vary, HeaderNames.AccessControlRequestHeaders);
            }

            if (cors.PreflightMaxAge is { } maxAge)
            {
                headers.AccessControlMaxAge = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.ContentLength = 0;
        return true;
    }

    private static string? ResolveOrigin(string origin, EngineIoCorsOptions cors)
    {
        var allowed = cors.AllowedOrigins;
        for (var i = 0; i < allowed.Count; i++)
        {
            if (allowed[i] == "*")
            {
                // Browsers refuse a wildcard on credentialed requests, so then the caller's own origin is echoed.
                return cors.AllowCredentials && origin.Length > 0 ? origin : "*";
            }

            if (origin.Length > 0 && string.Equals(allowed[i], origin, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        return null;
    }
}
