using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Protocol;

/// <summary>Writes the reference's error answer: HTTP 400 (403 for Forbidden) and <c>{"code":N,"message":"..."}</c>.</summary>
internal static class EngineErrorResponses
{
    private static readonly byte[][] _bodies =
    [
        Encode(EngineErrorCode.UnknownTransport, "Transport unknown"),
        Encode(EngineErrorCode.UnknownSid, "Session ID unknown"),
        Encode(EngineErrorCode.BadHandshakeMethod, "Bad handshake method"),
        Encode(EngineErrorCode.BadRequest, "Bad request"),
        Encode(EngineErrorCode.Forbidden, "Forbidden"),
        Encode(EngineErrorCode.UnsupportedProtocolVersion, "Unsupported protocol version"),
    ];

    public static int GetStatusCode(EngineErrorCode code) =>
        code == EngineErrorCode.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;

    public static Task WriteAsync(HttpResponse response, EngineErrorCode code, string? message = null)
    {
        var body = message is null ? _bodies[(int)code] : Encode(code, message);
        response.StatusCode = GetStatusCode(code);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] Encode(EngineErrorCode code, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", (int)code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
