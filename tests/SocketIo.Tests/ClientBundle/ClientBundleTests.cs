using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.ClientBundle;

/// <summary>
/// The client bundle (<see cref="SocketIoOptions.ServeClient"/>): below the Socket.IO path the server answers the
/// reference's eight file names with the pinned socket.io-client's own bytes, the version as the entity tag, and a
/// <c>304</c> to a client that holds that version; everything else below the path stays Engine.IO's.
/// </summary>
public sealed class ClientBundleTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "socket.io.js", "application/javascript" },
        { "socket.io.js.map", "application/json" },
        { "socket.io.min.js", "application/javascript" },
        { "socket.io.min.js.map", "application/json" },
        { "socket.io.msgpack.min.js", "application/javascript" },
        { "socket.io.msgpack.min.js.map", "application/json" },
        { "socket.io.esm.min.js", "application/javascript" },
        { "socket.io.esm.min.js.map", "application/json" },
    };

    private static readonly string _clientDist = typeof(ClientBundleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(static a => a.Key == "ClientDistDirectory").Value!;

    /// <summary>The pinned version, from the lock file (the server reads its own from the embedded package).</summary>
    private static string PinnedVersion()
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_clientDist, "package-lock.json")));
        return lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/socket.io-client").GetProperty("version").GetString()!;
    }

    private static byte[] PinnedFile(string name) =>
        File.ReadAllBytes(Path.Combine(_clientDist, "node_modules", "socket.io-client", "dist", name));

    private static string ExpectedEntityTag => '"' + PinnedVersion() + '"';

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EachFile_IsThePinnedPackagesFile_WithTheReferenceHeaders(string name, string mediaType)
    {
        await using var server = await SocketIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/socket.io/" + name).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PinnedFile(name), await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(PinnedFile(name).Length, response.Content.Headers.ContentLength);
        Assert.Equal(ExpectedEntityTag, response.Headers.ETag?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("public, max-age=0", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData("br;q=0, gzip;q=0", null)]
    [InlineData("deflate", null)]
    [InlineData("identity", null)]
    public async Task AcceptEncoding_GetsTheFileInTheBestCodingOffered(string acceptEncoding, string? expected)
    {
        await using var server = await SocketIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.js");
        Assert.True(request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected is null ? [] : [expected], response.Content.Headers.ContentEncoding);
        Assert.Equal("Accept-Encoding", Assert.Single(response.Headers.Vary));
        Assert.Equal(ExpectedEntityTag, response.Headers.ETag?.ToString());
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(PinnedFile("socket.io.js"), Decode(body, expected));
    }

    private static byte[] Decode(byte[] body, string? coding)
    {
        if (coding is null)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task QueryString_IsIgnored_AsByTheReference()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync("/socket.io/socket.io.min.js?v=4").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PinnedFile("socket.io.min.js"), await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    [Theory]
    [InlineData("strong")]
    [InlineData("weak")]
    [InlineData("list")]
    [InlineData("any")]
    public async Task IfNoneMatch_WithTheVersion_Is304WithoutBody(string form)
    {
        await using var server = await SocketIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.min.js");
        var header = form switch
        {
            "strong" => ExpectedEntityTag,
            "weak" => "W/" + ExpectedEntityTag,
            "list" => "\"0.0.1\", " + ExpectedEntityTag,
            _ => "*",
        };
        Assert.True(request.Headers.TryAddWithoutValidation("If-None-Match", header));

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
        Assert.Equal(ExpectedEntityTag, response.Headers.ETag?.ToString());
        Assert.Equal("public, max-age=0", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task IfNoneMatch_WithAnotherVersion_GetsTheFile()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.js");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"4.0.0\""));

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PinnedFile("socket.io.js"), await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Head_GivesTheHeadersWithoutTheBody()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Head, "/socket.io/socket.io.esm.min.js");

        using var response = await server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PinnedFile("socket.io.esm.min.js").Length, response.Content.Headers.ContentLength);
        Assert.Equal(ExpectedEntityTag, response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ServeClientOff_LeavesTheNamesToEngineIo()
    {
        await using var server = await SocketIoTestServer.StartAsync(options: static o => o.ServeClient = false);

        using var response = await server.Client.GetAsync("/socket.io/socket.io.min.js").DefaultTimeout();

        // What the reference answers then too: an Engine.IO request without a transport.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.DoesNotContain("javascript", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/socket.io/socket.io.slim.js")]
    [InlineData("/socket.io/socket.io.min.js.gz")]
    [InlineData("/socket.io/dist/socket.io.min.js")]
    [InlineData("/socket.io/package.json")]
    public async Task OtherNamesBelowThePath_AreNotServed(string path)
    {
        await using var server = await SocketIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/socket.io.min.js")]
    [InlineData("/other/socket.io.min.js")]
    public async Task NamesOutsideThePath_AreNotFound(string path)
    {
        await using var server = await SocketIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_IsEngineIos()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        using var response = await server.Client.PostAsync("/socket.io/socket.io.js", new ByteArrayContent([])).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task AnotherPath_ServesBelowThatPath()
    {
        await using var server = await SocketIoTestServer.StartAsync(path: "/realtime/");

        using var served = await server.Client.GetAsync("/realtime/socket.io.min.js").DefaultTimeout();
        using var elsewhere = await server.Client.GetAsync("/socket.io/socket.io.min.js").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(PinnedFile("socket.io.min.js"), await served.Content.ReadAsByteArrayAsync().DefaultTimeout());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Conventions_OfMapSocketIo_ApplyToTheBundle()
    {
        await using var server = await SocketIoTestServer.StartAsync(mapped: static endpoint => endpoint.Add(static b => b.Metadata.Add(new BundleMarker())));

        var endpoints = server.Endpoints.Where(static e => e.Metadata.GetMetadata<BundleMarker>() is not null).Select(static e => e.DisplayName).ToList();

        Assert.Equal(9, endpoints.Count);
        Assert.Contains("Socket.IO client /socket.io/socket.io.min.js", endpoints);
    }

    private sealed class BundleMarker;
}
