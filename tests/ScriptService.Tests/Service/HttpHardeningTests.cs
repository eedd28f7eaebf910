using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// HTTP requests that are wrong or slow at the byte level, sent on a raw socket: each gets a clean problem+json
/// answer, and none is logged as a server fault.
/// </summary>
public sealed class HttpHardeningTests
{
    [Fact]
    public async Task Post_BodyArrivingTooSlowly_Answers408ProblemAndLogsNoError()
    {
        // Kestrel's own minimum body rate, made short for the test: under 1,000 bytes/s after a grace of 2 s (Kestrel's least).
        await using var host = await ServiceHost.StartAsync(configure: builder => builder.WebHost.ConfigureKestrel(
            kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1000, gracePeriod: TimeSpan.FromSeconds(2))));
        using var client = await ConnectAsync(host);

        // A body of 10,000 bytes announced; 9 sent; then nothing.
        await SendAsync(client, PostHead("application/json", 10_000) + "{\"topic\":");
        var response = await ReadResponseAsync(client);

        Assert.Equal(408, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(408, JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32());
        Assert.Empty(host.Logs.Find("unhandled exception"));
        Assert.Empty(host.Logs.Find(" Error "));
        Assert.Empty(host.Logs.Find("   at "));
    }

    [Fact]
    public async Task Post_NotJson_Answers415WithoutWaitingForTheBody()
    {
        await using var host = await ServiceHost.StartAsync();
        using var client = await ConnectAsync(host);

        // The body is announced and never sent: the answer cannot have waited for it.
        await SendAsync(client, PostHead("text/plain", 100_000) + "not json");
        var response = await ReadResponseAsync(client);

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(415, JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Head_HealthAndReadiness_AnswerAsGetWithoutABody(string path)
    {
        await using var host = await ServiceHost.StartAsync();
        using var get = await host.Http.GetAsync(path);
        using var head = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    private static string PostHead(string contentType, int contentLength) =>
        "POST /api/scripts HTTP/1.1\r\nHost: localhost\r\n" +
        $"Content-Type: {contentType}\r\nContent-Length: {contentLength}\r\n\r\n";

    private static async Task<TcpClient> ConnectAsync(ServiceHost host)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, host.Port).DefaultTimeout();
        return client;
    }

    private static Task SendAsync(TcpClient client, string text) => client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask().DefaultTimeout();

    /// <summary>Reads one response: its head, then its body (by Content-Length, or chunked).</summary>
    private static async Task<(int Status, string? ContentType, string Body)> ReadResponseAsync(TcpClient client)
    {
        var reader = new ResponseReader(client.GetStream());
        var head = Encoding.ASCII.GetString(await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray()));
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        string? Header(string name) => lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim())
            .FirstOrDefault();

        var body = new List<byte>();
        if (string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var size = int.Parse(Encoding.ASCII.GetString(await reader.ReadUntilAsync("\r\n"u8.ToArray())).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var chunk = await reader.ReadExactlyAsync(size + 2);
                if (size == 0)
                {
                    break;
                }

                body.AddRange(chunk.AsSpan(0, size));
            }
        }
        else
        {
            body.AddRange(await reader.ReadExactlyAsync(int.Parse(Header("Content-Length") ?? "0", CultureInfo.InvariantCulture)));
        }

        return (status, Header("Content-Type")?.Split(';')[0], Encoding.UTF8.GetString([.. body]));
    }

    /// <summary>Reads an HTTP response off a stream by delimiters and lengths.</summary>
    private sealed class ResponseReader(NetworkStream stream)
    {
        private readonly List<byte> _buffered = [];
        private readonly byte[] _chunk = new byte[4096];

        /// <summary>The bytes before <paramref name="delimiter"/>; the delimiter is consumed.</summary>
        public async Task<byte[]> ReadUntilAsync(byte[] delimiter)
        {
            int at;
            while ((at = IndexOf(delimiter)) < 0)
            {
                await FillAsync();
            }

            var before = _buffered.GetRange(0, at).ToArray();
            _buffered.RemoveRange(0, at + delimiter.Length);
            return before;
        }

        public async Task<byte[]> ReadExactlyAsync(int count)
        {
            while (_buffered.Count < count)
            {
                await FillAsync();
            }

            var bytes = _buffered.GetRange(0, count).ToArray();
            _buffered.RemoveRange(0, count);
            return bytes;
        }

        private async Task FillAsync()
        {
            var read = await stream.ReadAsync(_chunk).AsTask().DefaultTimeout();
            Assert.True(read > 0, $"The connection closed within the response: '{Encoding.ASCII.GetString([.. _buffered])}'");
            _buffered.AddRange(_chunk.AsSpan(0, read));
        }

        private int IndexOf(byte[] delimiter)
        {
            for (var i = 0; i + delimiter.Length <= _buffered.Count; i++)
            {
                var match = true;
                for (var j = 0; j < delimiter.Length && match; j++)
                {
                    match = _buffered[i + j] == delimiter[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
