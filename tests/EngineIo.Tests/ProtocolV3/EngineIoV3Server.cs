using System.Net.Http.Headers;
using System.Text;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.ProtocolV3;

/// <summary>Raw protocol v3 requests against an <see cref="EngineIoTestServer"/> that allows EIO 3.</summary>
internal static class EngineIoV3Server
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(500);

    public static Task<EngineIoTestServer> StartAsync(TimeProvider? time = null, Action<EngineIoOptions>? configure = null) =>
        EngineIoTestServer.StartAsync(
            options =>
            {
                options.AllowEio3 = true;
                options.PingInterval = Interval;
                options.PingTimeout = PingTimeout;
                configure?.Invoke(options);
            },
            time);

    /// <summary>A v3 polling URL: <paramref name="extra"/> carries <c>&amp;b64=1</c> or <c>&amp;j=0</c> as the test needs.</summary>
    public static string Url(string? sid = null, string extra = "&b64=1", string transport = "polling") =>
        $"{EngineIoTestServer.Path}/?EIO=3&transport={transport}{extra}{(sid is null ? "" : "&sid=" + sid)}";

    /// <summary>Opens a v3 polling session; returns the sid, the handler's record and the handshake's body.</summary>
    public static async Task<(string Sid, SessionRecord Session, string Body)> OpenAsync(EngineIoTestServer server, string extra = "&b64=1")
    {
        using var response = await server.Client.GetAsync(Url(extra: extra)).DefaultTimeout();
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        var open = SplitTextPayload(body).Single();
        Assert.StartsWith("0", open, StringComparison.Ordinal);
        var sid = OpenPacket.Parse(open).Sid;
        return (sid, await server.Handler.SessionAsync(sid), body);
    }

    public static async Task<HttpResponseMessage> PostAsync(EngineIoTestServer server, string sid, string body, string extra = "&b64=1") =>
        await server.Client.PostAsync(Url(sid, extra), new StringContent(body, Encoding.UTF8, "text/plain")).DefaultTimeout();

    public static async Task<HttpResponseMessage> PostBinaryAsync(EngineIoTestServer server, string sid, byte[] body, string extra = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await server.Client.PostAsync(Url(sid, extra), content).DefaultTimeout();
    }

    public static async Task<HttpResponseMessage> GetAsync(EngineIoTestServer server, string sid, string extra = "&b64=1") =>
        await server.Client.GetAsync(Url(sid, extra)).DefaultTimeout();

    /// <summary>Splits a v3 text payload into its packets, checking each record's length (in UTF-16 code units).</summary>
    public static List<string> SplitTextPayload(string payload)
    {
        var packets = new List<string>();
        var position = 0;
        while (position < payload.Length)
        {
            var colon = payload.IndexOf(':', position);
            Assert.True(colon > position, $"No length at {position} in '{payload}'.");
            var length = int.Parse(payload[position..colon], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(colon + 1 + length <= payload.Length, $"The record at {position} overruns '{payload}'.");
            packets.Add(payload.Substring(colon + 1, length));
            position = colon + 1 + length;
        }

        return packets;
    }
}
