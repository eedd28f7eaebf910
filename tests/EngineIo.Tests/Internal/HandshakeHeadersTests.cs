using System.Collections;
using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using EngineIo.Tests.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EngineIo.Tests.Internal;

/// <summary>
/// <see cref="HandshakeHeaders"/> reads exactly as the <see cref="HeaderDictionary"/> the handshake used to copy the
/// request headers into (every header but <c>Sec-WebSocket-Key</c>), and refuses every change.
/// </summary>
public sealed class HandshakeHeadersTests
{
    private const string ReadOnlyMessage = "The handshake's headers are read-only.";

    [Fact]
    public void BrowserHandshake_ReadsAsTheHeaderDictionaryDid()
    {
        var request = BrowserRequest();

        var headers = HandshakeHeaders.Copy(request);

        AssertReadsAlike(OldCopy(request), headers);
        Assert.Equal(request.Count - 1, headers.Count);
        Assert.False(headers.ContainsKey("Sec-WebSocket-Key"));
        Assert.Equal(StringValues.Empty, headers["sec-websocket-key"]);
    }

    [Fact]
    public void Names_KeepTheirSpelling_AndAreFoundIgnoringCase()
    {
        var headers = HandshakeHeaders.Copy(BrowserRequest());

        Assert.Contains("x-Mixed-Case", headers.Keys);
        Assert.DoesNotContain("X-MIXED-CASE", headers.Keys.ToArray());
        Assert.True(KeysContain(headers.Keys, "X-MIXED-CASE"));
        Assert.Equal("v", headers["X-MIXED-CASE"]);
        Assert.Equal("v", headers["x-mixed-case"]);
        Assert.True(headers.TryGetValue("USER-AGENT", out var agent));
        Assert.StartsWith("Mozilla/5.0", agent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TypedProperties_ReadThroughTheIndexer()
    {
        IHeaderDictionary headers = HandshakeHeaders.Copy(BrowserRequest());

        Assert.Equal("https://app.example", headers.Origin);
        Assert.StartsWith("Mozilla/5.0", headers.UserAgent.ToString(), StringComparison.Ordinal);
        Assert.Equal(Values("a=1", "b=2"), headers.Cookie);
        Assert.Equal("Bearer abc.def", headers.Authorization);
        Assert.Equal("app.example", headers.Host);
        Assert.Equal("websocket", headers.Upgrade);
        Assert.Equal("13", headers.SecWebSocketVersion);
        Assert.Equal(StringValues.Empty, headers.SecWebSocketKey);
        Assert.Equal(StringValues.Empty, headers.Referer);
        Assert.Equal(12, headers.ContentLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("42")]
    [InlineData(" 42 ")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4x")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    [InlineData("1,2")]
    public void ContentLength_ParsesAsTheHeaderDictionaryDid(string? value)
    {
        var request = new HeaderDictionary { ["Host"] = "h" };
        if (value is not null)
        {
            request.Append("Content-Length", value == "1,2" ? new StringValues(["1", "2"]) : new StringValues(value));
        }

        Assert.Equal(OldCopy(request).ContentLength, HandshakeHeaders.Copy(request).ContentLength);
    }

    [Fact]
    public void RepeatedHeader_KeepsEveryValue()
    {
        var request = new HeaderDictionary();
        request.Append("Cookie", "a=1");
        request.Append("Cookie", "b=2");
        request.Append("X-Forwarded-For", "10.0.0.1");
        request.Append("x-forwarded-for", "10.0.0.2");

        var headers = HandshakeHeaders.Copy(request);

        AssertReadsAlike(OldCopy(request), headers);
        Assert.Equal(Values("a=1", "b=2"), headers["cookie"]);
        Assert.Equal(Values("10.0.0.1", "10.0.0.2"), headers["X-Forwarded-For"]);
    }

    [Fact]
    public void CaseSensitiveSource_ListingANameTwice_KeepsOneNameWithBothValues()
    {
        var request = new HeaderDictionary(new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["X-Tag"] = "one",
            ["x-tag"] = new StringValues(["two", "three"]),
            ["Empty"] = StringValues.Empty,
        });

        var headers = HandshakeHeaders.Copy(request);

        Assert.Equal(["X-Tag"], headers.Keys);
        Assert.Equal(Values("one", "two", "three"), headers["X-TAG"]);
    }

    [Fact]
    public void Strings_AreShared_ButNotCredentials()
    {
        var agent = "HandshakeHeadersTests/" + Guid.NewGuid().ToString("N");
        var cookie = "session=" + Guid.NewGuid().ToString("N");
        var authorization = "Bearer " + Guid.NewGuid().ToString("N");
        HeaderDictionary Request() => new()
        {
            [new string("User-Agent")] = new string(agent),
            ["Cookie"] = new string(cookie),
            ["Authorization"] = new string(authorization),
        };

        var one = HandshakeHeaders.Copy(Request());
        var two = HandshakeHeaders.Copy(Request());

        Assert.Same(one.Keys.First(), two.Keys.First());
        Assert.Same(one["User-Agent"].ToString(), two["User-Agent"].ToString());
        Assert.NotSame(one["Cookie"].ToString(), two["Cookie"].ToString());
        Assert.NotSame(one["Authorization"].ToString(), two["Authorization"].ToString());
        var probe = new string(cookie);
        Assert.Same(probe, HandshakeStrings.Shared.Share(probe));
    }

    [Fact]
    public void NoHeaders_IsTheSharedEmptyCollection()
    {
        var headers = HandshakeHeaders.Copy(new HeaderDictionary());

        Assert.Same(HandshakeHeaders.Empty, headers);
        Assert.Same(HandshakeHeaders.Empty, HandshakeHeaders.Copy(new HeaderDictionary { ["Sec-WebSocket-Key"] = "k" }));
        AssertReadsAlike(new HeaderDictionary(), headers);
        Assert.Empty(headers);
        Assert.False(((IEnumerable)headers).GetEnumerator().MoveNext());
    }

    [Fact]
    public void Reads_DoNotAllocate()
    {
        var headers = HandshakeHeaders.Copy(BrowserRequest());
        var found = Read(headers);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            found += Read(headers);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(found > 0);

        static int Read(HandshakeHeaders headers)
        {
            var found = headers["origin"].Count + headers["missing"].Count + (headers.ContainsKey("COOKIE") ? 1 : 0);
            found += headers.TryGetValue("X-Mixed-Case", out var value) ? value.Count : 0;
            found += headers.ContentLength is null ? 0 : 1;
            foreach (var header in headers)
            {
                found += header.Value.Count;
            }

            return found;
        }
    }

    [Fact]
    public void Mutations_Throw()
    {
        IHeaderDictionary headers = HandshakeHeaders.Copy(BrowserRequest());
        var dictionary = (IDictionary<string, StringValues>)headers;
        var collection = (ICollection<KeyValuePair<string, StringValues>>)headers;

        Assert.True(headers.IsReadOnly);
        AssertReadOnly(() => headers["Origin"] = "https://evil.example");
        AssertReadOnly(() => headers["X-New"] = "1");
        AssertReadOnly(() => headers["Origin"] = StringValues.Empty);
        AssertReadOnly(() => dictionary["Origin"] = "https://evil.example");
        AssertReadOnly(() => headers.Origin = "https://evil.example");
        AssertReadOnly(() => headers.Cookie = "x=1");
        AssertReadOnly(() => headers.ContentLength = 1);
        AssertReadOnly(() => headers.ContentLength = null);
        AssertReadOnly(() => dictionary.Add("X-New", "1"));
        AssertReadOnly(() => collection.Add(new("X-New", "1")));
        AssertReadOnly(() => headers.Remove("Origin"));
        AssertReadOnly(() => collection.Remove(new("Origin", "https://app.example")));
        AssertReadOnly(headers.Clear);
        AssertReadOnly(() => headers.Append("Origin", "x"));
        AssertReadOnly(() => headers.Keys.Add("X-New"));
        AssertReadOnly(() => headers.Keys.Clear());
        AssertReadOnly(() => headers.Values.Remove("13"));
        Assert.True(headers.Keys.IsReadOnly);
        Assert.True(headers.Values.IsReadOnly);

        AssertReadsAlike(OldCopy(BrowserRequest()), headers);

        static void AssertReadOnly(Action mutation) =>
            Assert.Equal(ReadOnlyMessage, Assert.Throws<InvalidOperationException>(mutation).Message);
    }

    [Fact]
    public async Task PollingHandshake_WithRepeatedLines_KeepsWhatTheRequestCarried()
    {
        IHeaderDictionary? seen = null;
        await using var server = await EngineIoTestServer.StartAsync(options => options.AllowRequest = context =>
        {
            seen = OldCopy(context.Request.Headers);
            return ValueTask.FromResult(true);
        });

        using var connection = await RawHttpConnection.ConnectAsync(server.BaseAddress.Port);
        await connection.SendAsync(
            $"GET {EngineIoTestServer.Url()} HTTP/1.1\r\nHost: localhost\r\nuser-agent: raw/1.0\r\nCookie: a=1\r\nCookie: b=2\r\n"
            + "X-Repeated: one\r\nx-repeated: two\r\nx-Mixed-Case: v\r\nAccept: */*\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
        var headers = (await server.Handler.NextOpenedAsync()).Socket.Handshake.Headers;

        AssertReadsAlike(seen!, headers);
        Assert.Equal(Values("a=1", "b=2"), headers.Cookie);
        Assert.Equal(Values("one", "two"), headers["X-REPEATED"]);
        Assert.Equal("raw/1.0", headers.UserAgent);
        Assert.Contains("x-Mixed-Case", headers.Keys);
    }

    [Fact]
    public async Task DenseWebSocketHandshake_KeepsAllButTheKey()
    {
        IHeaderDictionary? seen = null;
        await using var server = await DenseTestServer.StartAsync(options => options.AllowRequest = context =>
        {
            seen = OldCopy(context.Request.Headers);
            return ValueTask.FromResult(true);
        });

        using var connection = await RawHttpConnection.ConnectAsync(server.DensePort);
        await connection.SendAsync(
            $"GET {DenseTestServer.Url()} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: https://app.example\r\n"
            + "Cookie: a=1\r\nCookie: b=2\r\nx-Mixed-Case: v\r\n\r\n");
        Assert.Equal(101, (await connection.ReadResponseAsync()).Status);
        var headers = (await server.Handler.NextOpenedAsync()).Socket.Handshake.Headers;

        Assert.Equal(1, server.Log.Taken);
        AssertReadsAlike(seen!, headers);
        Assert.False(headers.ContainsKey("Sec-WebSocket-Key"));
        Assert.Equal("https://app.example", headers.Origin);
        Assert.Equal(Values("a=1", "b=2"), headers.Cookie);
        Assert.Equal(["Host", "Upgrade", "Connection", "Sec-WebSocket-Version", "Origin", "Cookie", "x-Mixed-Case"], headers.Keys);
    }

    private static StringValues Values(params string[] values) => new(values);

    /// <summary>A dictionary's keys answer <c>Contains</c> with the dictionary's comparer; so must these.</summary>
    private static bool KeysContain(ICollection<string> keys, string key) => keys.Contains(key);

    /// <summary>What a browser sends to open a WebSocket, plus credentials, a body length and a name in odd case.</summary>
    private static HeaderDictionary BrowserRequest()
    {
        var request = new HeaderDictionary
        {
            ["Host"] = "app.example",
            ["Connection"] = "Upgrade",
            ["Pragma"] = "no-cache",
            ["Cache-Control"] = "no-cache",
            ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            ["Upgrade"] = "websocket",
            ["Origin"] = "https://app.example",
            ["Sec-WebSocket-Version"] = "13",
            ["Accept-Encoding"] = "gzip, deflate, br",
            ["Accept-Language"] = "en-US,en;q=0.9",
            ["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==",
            ["Sec-WebSocket-Extensions"] = "permessage-deflate; client_max_window_bits",
            ["Authorization"] = "Bearer abc.def",
            ["Content-Length"] = "12",
            ["x-Mixed-Case"] = "v",
        };
        request.Append("Cookie", "a=1");
        request.Append("Cookie", "b=2");
        return request;
    }

    /// <summary>What <see cref="EngineIoHandshake"/> kept before <see cref="HandshakeHeaders"/>.</summary>
    private static HeaderDictionary OldCopy(IHeaderDictionary request)
    {
        var copy = new HeaderDictionary(request.Count);
        foreach (var header in request)
        {
            if (!string.Equals(header.Key, "Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
            {
                copy[header.Key] = header.Value;
            }
        }

        return copy;
    }

    /// <summary>Every read member of <paramref name="actual"/> answers as <paramref name="expected"/> does.</summary>
    private static void AssertReadsAlike(IHeaderDictionary expected, IHeaderDictionary actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.Keys.Count, actual.Keys.Count);
        Assert.Equal(expected.Values.Count, actual.Values.Count);
        Assert.Equal(expected.Cast<object>(), ((IEnumerable)actual).Cast<object>());
        Assert.Equal(expected.ContentLength, actual.ContentLength);

        var copied = new KeyValuePair<string, StringValues>[actual.Count + 1];
        actual.CopyTo(copied, 1);
        Assert.Equal(expected, copied.Skip(1));
        var keys = new string[actual.Count];
        actual.Keys.CopyTo(keys, 0);
        Assert.Equal(expected.Keys, keys);
        var values = new StringValues[actual.Count];
        actual.Values.CopyTo(values, 0);
        Assert.Equal(expected.Values, values);

        var dictionary = (IDictionary<string, StringValues>)actual;
        foreach (var (name, value) in expected)
        {
            foreach (var key in new[] { name, name.ToUpperInvariant(), name.ToLowerInvariant() })
            {
                Assert.Equal(value, actual[key]);
                Assert.Equal(value, dictionary[key]);
                Assert.True(actual.ContainsKey(key));
                Assert.True(actual.TryGetValue(key, out var found));
                Assert.Equal(value, found);
                Assert.True(actual.Contains(new(key, value)));
                Assert.True(KeysContain(actual.Keys, key));
            }

            Assert.True(actual.Values.Contains(value));
            Assert.False(actual.Contains(new(name, "not " + value)));
        }

        Assert.False(actual.Values.Contains("\0 no header has this value"));

        foreach (var missing in new[] { "X-Missing", "Sec-WebSocket-Key", "" })
        {
            Assert.Equal(expected[missing], actual[missing]);
            Assert.Equal(StringValues.Empty, actual[missing]);
            Assert.Equal(expected.ContainsKey(missing), actual.ContainsKey(missing));
            Assert.Equal(expected.TryGetValue(missing, out var expectedValue), actual.TryGetValue(missing, out var actualValue));
            Assert.Equal(expectedValue, actualValue);
            Assert.Equal(KeysContain(expected.Keys, missing), KeysContain(actual.Keys, missing));
            if (!expected.ContainsKey(missing))
            {
                Assert.Throws<KeyNotFoundException>(() => ((IDictionary<string, StringValues>)expected)[missing]);
                Assert.Throws<KeyNotFoundException>(() => dictionary[missing]);
            }
        }

        // The typed properties are the interface's own, reading through the indexer.
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.UserAgent, actual.UserAgent);
        Assert.Equal(expected.Cookie, actual.Cookie);
        Assert.Equal(expected.Authorization, actual.Authorization);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.AcceptLanguage, actual.AcceptLanguage);
        Assert.Equal(expected.SecWebSocketKey, actual.SecWebSocketKey);
    }
}
