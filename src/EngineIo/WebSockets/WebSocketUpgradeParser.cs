using System.Buffers;
using System.Text;
using EngineIo.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EngineIo.WebSockets;

/// <summary>
/// Decides, from the first bytes of a connection, whether they are a clean HTTP/1.1 WebSocket upgrade to a mapped
/// Engine.IO endpoint. It is deliberately narrower than Kestrel's parser: whatever it does not recognise as plainly
/// valid (an unusual request line, percent-escapes or dot segments in the path, obs-folds, non-ASCII bytes, a body, a
/// subprotocol, a head beyond Kestrel's limits) is passed on, and Kestrel answers it as it always would. It never takes
/// anything Kestrel would refuse.
/// </summary>
internal static class WebSocketUpgradeParser
{
    private static ReadOnlySpan<byte> Prefix => "GET /"u8;

    private static ReadOnlySpan<byte> Version => " HTTP/1.1"u8;

    /// <summary>The token characters of RFC 9110 section 5.6.2, which header names are made of.</summary>
    private static readonly SearchValues<byte> _tokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Header value bytes taken here: visible ASCII, space and tab (no obs-text, no controls).</summary>
    private static readonly SearchValues<byte> _valueBytes = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>A Host value as plain as Kestrel always accepts: a name or IPv4/IPv6 literal and a port.</summary>
    private static readonly SearchValues<char> _hostChars =
        SearchValues.Create("-.:[]_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static UpgradeDecision Decide(in ReadOnlySequence<byte> buffer, KestrelServerLimits limits, EngineIoServerRegistry registry, out WebSocketUpgradeRequest? request)
    {
        // Nothing past the largest head Kestrel would read is looked at: a longer one is passed on for Kestrel to refuse.
        var maxHead = (long)limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize;
        var length = (int)Math.Min(buffer.Length, maxHead);
        var truncated = buffer.Length > length;
        if (buffer.IsSingleSegment)
        {
            return Decide(buffer.FirstSpan[..length], truncated, limits, registry, out request);
        }

        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return Decide(copy.AsSpan(0, length), truncated, limits, registry, out request);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static UpgradeDecision Decide(ReadOnlySpan<byte> data, bool truncated, KestrelServerLimits limits, EngineIoServerRegistry registry, out WebSocketUpgradeRequest? request)
    {
        request = null;

        // Decided on the very first bytes for everything that is not a GET: POSTs, other methods, the HTTP/2 preface,
        // TLS records.
        var seen = Math.Min(data.Length, Prefix.Length);
        if (!data[..seen].SequenceEqual(Prefix[..seen]))
        {
            return UpgradeDecision.Pass;
        }

        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            return data.Length >= limits.MaxRequestLineSize || truncated ? UpgradeDecision.Pass : UpgradeDecision.NeedMoreData;
        }

        if (lineEnd + 1 > limits.MaxRequestLineSize || data[lineEnd - 1] != '\r')
        {
            return UpgradeDecision.Pass;
        }

        var line = data[..(lineEnd - 1)];
        if (!line.EndsWith(Version))
        {
            return UpgradeDecision.Pass;
        }

        var target = line[(Prefix.Length - 1)..^Version.Length];
        if (target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            return UpgradeDecision.Pass;
        }

        var query = target.IndexOf((byte)'?');
        var pathBytes = query < 0 ? target : target[..query];
        if (pathBytes.Contains((byte)'%') || HasDotSegment(pathBytes))
        {
            return UpgradeDecision.Pass;
        }

        var path = Encoding.ASCII.GetString(pathBytes);
        if (registry.FindDenseEndpoint(path) is not { } dispatcher)
        {
            return UpgradeDecision.Pass;
        }

        // The head ends with an empty line; the request line's CRLF may be the first half of it.
        var headersStart = lineEnd + 1;
        var end = data[(lineEnd - 1)..].IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return truncated || data.Length - headersStart > limits.MaxRequestHeadersTotalSize ? UpgradeDecision.Pass : UpgradeDecision.NeedMoreData;
        }

        var headLength = lineEnd - 1 + end + 4;
        if (headLength - headersStart > limits.MaxRequestHeadersTotalSize)
        {
            return UpgradeDecision.Pass;
        }

        var headers = ReadHeaders(data[headersStart..(headLength - 2)], limits.MaxRequestHeaderCount);
        if (headers is null || !IsCleanUpgrade(headers, dispatcher.Server.Options, out var key))
        {
            return UpgradeDecision.Pass;
        }

        request = new WebSocketUpgradeRequest(
            dispatcher,
            path,
            query < 0 ? string.Empty : Encoding.ASCII.GetString(target[query..]),
            Encoding.ASCII.GetString(target),
            headers,
            key,
            headLength);
        return UpgradeDecision.Take;
    }

    /// <summary>
    /// Whether Kestrel can answer these bytes without waiting for more: they hold a whole head (up to its empty line),
    /// or more than the largest head it would read.
    /// </summary>
    public static bool IsWholeHead(in ReadOnlySequence<byte> buffer, KestrelServerLimits limits)
    {
        if (buffer.Length >= (long)limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize)
        {
            return true;
        }

        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8);
    }

    /// <summary>Header lines (each ending with CRLF); null for anything but plain <c>name: value</c> lines.</summary>
    private static HeaderDictionary? ReadHeaders(ReadOnlySpan<byte> block, int maxCount)
    {
        var headers = new HeaderDictionary();
        var count = 0;
        while (!block.IsEmpty)
        {
            var end = block.IndexOf("\r\n"u8);
            var line = block[..end];
            block = block[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (++count > maxCount || colon <= 0 || line[..colon].IndexOfAnyExcept(_tokenBytes) >= 0)
            {
                return null;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IndexOfAnyExcept(_valueBytes) >= 0)
            {
                return null;
            }

            headers.Append(Encoding.ASCII.GetString(line[..colon]), Encoding.ASCII.GetString(value));
        }

        return headers;
    }

    /// <summary>
    /// RFC 6455 section 4.2.1, strictly: one Host, one <c>Upgrade: websocket</c>, a Connection listing upgrade, version
    /// 13, one valid key; and nothing the dense path does not serve: a body, an expectation, a subprotocol, or
    /// permessage-deflate when the endpoint would negotiate it (the standard path then does).
    /// </summary>
    private static bool IsCleanUpgrade(HeaderDictionary headers, EngineIoOptions options, out string key)
    {
        key = "";
        if (!TryGetSingle(headers, HeaderNames.Host, out var host) || host.Length == 0 || host.AsSpan().IndexOfAnyExcept(_hostChars) >= 0
            || !TryGetSingle(headers, HeaderNames.Upgrade, out var upgrade) || !upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase)
            || !TryGetSingle(headers, HeaderNames.SecWebSocketVersion, out var version) || version != "13"
            || !TryGetSingle(headers, HeaderNames.SecWebSocketKey, out key) || !IsValidKey(key)
            || !HasToken(headers[HeaderNames.Connection], "upgrade"))
        {
            return false;
        }

        if (headers.ContainsKey(HeaderNames.ContentLength) || headers.ContainsKey(HeaderNames.TransferEncoding)
            || headers.ContainsKey(HeaderNames.Expect) || headers.ContainsKey(HeaderNames.SecWebSocketProtocol))
        {
            return false;
        }

        return !options.PerMessageDeflate || !HasToken(headers[HeaderNames.SecWebSocketExtensions], "permessage-deflate", parameters: true);
    }

    private static bool TryGetSingle(HeaderDictionary headers, string name, out string value)
    {
        var values = headers[name];
        value = values.Count == 1 ? values[0]! : "";
        return values.Count == 1;
    }

    /// <summary>A comma-separated list holds <paramref name="token"/>, ignoring case (and its parameters, if asked).</summary>
    private static bool HasToken(StringValues values, string token, bool parameters = false)
    {
        foreach (var value in values)
        {
            foreach (var range in value.AsSpan().Split(','))
            {
                var item = value.AsSpan()[range];
                if (parameters && item.IndexOf(';') is var semicolon and >= 0)
                {
                    item = item[..semicolon];
                }

                if (item.Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The base64 of 16 bytes, as the key must be (section 4.1).</summary>
    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }

    /// <summary>A <c>.</c> or <c>..</c> segment, which Kestrel would remove before routing.</summary>
    private static bool HasDotSegment(ReadOnlySpan<byte> path)
    {
        foreach (var range in path.Split((byte)'/'))
        {
            var segment = path[range];
            if (segment.SequenceEqual("."u8) || segment.SequenceEqual(".."u8))
            {
                return true;
            }
        }

        return false;
    }
}
