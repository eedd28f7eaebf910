using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ScriptService.Api;

/// <summary>
/// A JSON response sent with its <c>Content-Length</c>: the head and the body leave in one write. ASP.NET Core's JSON
/// result sends a body of unknown length chunked, and flushes it before the request ends, so that the chunked
/// terminator follows in a second write, which on a busy server is a second <c>send(2)</c> (and a second wake-up of
/// the client) per response.
/// </summary>
internal sealed class JsonWithLengthResult<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode, string? location = null)
    : IResult, IStatusCodeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        if (location is not null)
        {
            response.Headers.Location = location;
        }

        return response.Body.WriteAsync(body, 0, body.Length, httpContext.RequestAborted);
    }
}
