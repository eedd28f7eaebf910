using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EngineIo.WebSockets;

/// <summary>
/// Writes the two HTTP/1.1 responses the dense path ever sends, straight into the connection's pipe: the
/// <c>101 Switching Protocols</c> that accepts a WebSocket, and a complete response (the endpoint's refusal) after
/// which the connection closes.
/// </summary>
internal static class HttpHeadWriter
{
    /// <summary>Appended to the client's key before hashing (RFC 6455 section 4.2.2).</summary>
    private static ReadOnlySpan<byte> KeyGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    private static readonly SearchValues<char> _headerChars = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// The 101 with its accept key, and any headers the endpoint set before accepting (CORS, for example), as Kestrel
    /// would send them with its own 101.
    /// </summary>
    public static void WriteSwitchingProtocols(PipeWriter output, string key, IHeaderDictionary responseHeaders)
    {
        ValidateHeaders(responseHeaders);
        Write(output, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "u8);
        var accept = output.GetSpan(28);
        WriteAcceptKey(key, accept);
        output.Advance(28);
        Write(output, "\r\n"u8);
        WriteHeaders(output, responseHeaders);
        Write(output, "\r\n"u8);
    }

    /// <summary>A whole response that ends the connection: status line, headers, Content-Length, <c>Connection: close</c>, body.</summary>
    public static void WriteResponse(PipeWriter output, int statusCode, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ValidateHeaders(headers);
        Write(output, "HTTP/1.1 "u8);
        Write(output, statusCode.ToString(CultureInfo.InvariantCulture));
        Write(output, " "u8);
        Write(output, ReasonPhrases.GetReasonPhrase(statusCode));
        Write(output, "\r\nDate: "u8);
        Write(output, now.ToString("r", CultureInfo.InvariantCulture));
        Write(output, "\r\n"u8);
        WriteHeaders(output, headers);
        Write(output, "Content-Length: "u8);
        Write(output, body.Length.ToString(CultureInfo.InvariantCulture));
        Write(output, "\r\nConnection: close\r\n\r\n"u8);
        output.Write(body);
    }

    /// <summary>base64(SHA-1(key + GUID)), 28 bytes.</summary>
    public static void WriteAcceptKey(string key, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[64];
        var keyLength = Encoding.ASCII.GetBytes(key, input);
        KeyGuid.CopyTo(input[keyLength..]);
        Span<byte> hash = stackalloc byte[HandshakeSha1.HashSize];
        HandshakeSha1.HashData(input[..(keyLength + KeyGuid.Length)], hash);
        Base64.EncodeToUtf8(hash, destination, out _, out _);
    }

    /// <summary>
    /// Refuses, before anything is written, a header with a control character (which could end the line early and
    /// forge a header) or anything beyond ASCII, as Kestrel refuses it in a response by default.
    /// </summary>
    private static void ValidateHeaders(IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            var valid = header.Key.Length > 0 && header.Key.AsSpan().IndexOfAnyExcept(_headerChars) < 0;
            foreach (var value in header.Value)
            {
                valid &= value is null || value.AsSpan().IndexOfAnyExcept(_headerChars) < 0;
            }

            if (!valid)
            {
                throw new InvalidOperationException($"Invalid character in the response header {header.Key}.");
            }
        }
    }

    /// <summary>The endpoint's headers, minus those that describe the connection or the body, which are ours to write.</summary>
    private static void WriteHeaders(PipeWriter output, IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            if (header.Key.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HeaderNames.Date, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HeaderNames.SecWebSocketAccept, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                Write(output, header.Key);
                Write(output, ": "u8);
                Write(output, value ?? "");
                Write(output, "\r\n"u8);
            }
        }
    }

    private static void Write(PipeWriter output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    /// <summary>Validated header text, or a number or date: ASCII.</summary>
    private static void Write(PipeWriter output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        output.Advance(written);
    }
}
