using Microsoft.AspNetCore.Http;

namespace EngineIo;

/// <summary>Settings of an Engine.IO endpoint. The defaults are the reference server's.</summary>
public sealed class EngineIoOptions
{
    /// <summary>How often the server pings each session. Sent to clients in the open packet. Default 25 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long after a ping the pong may take before the session closes with "ping timeout". A client that sends
    /// another packet meanwhile gets one more such wait, as in the reference since engine.io 6.6.13. Default 20 s.
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a WebSocket that started an upgrade may take to complete it before it is closed. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest polling request body or WebSocket message a client may send, in bytes (the reference's
    /// <c>maxHttpBufferSize</c>). Sent to clients in the open packet. Default 1,000,000.
    /// </summary>
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>
    /// How many packets may wait in one session's outbound queue. A client that falls further behind is closed
    /// ("transport error") so that the server never buffers without bound. Default 1,024.
    /// </summary>
    public int MaxBufferedPackets { get; set; } = 1024;

    /// <summary>
    /// How many payload bytes one session may hold on its way out: packets waiting in its queue, and those a transport
    /// has taken but not yet written (a WebSocket send or a polling response the client is not reading). A message that
    /// would go beyond it is dropped if it is volatile (<see cref="EngineIoMessage.IsVolatile"/>); otherwise queued
    /// volatile messages are dropped to make room, and if that is not enough the session is closed ("transport error").
    /// A single message larger than this is still sent when nothing else is held. Default 1 MiB (1,048,576): about
    /// <see cref="MaxPayload"/>, so a server holds no more for a client than a client may send it in one message, and
    /// 1,024 packets of 1 KiB, so that for typical messages <see cref="MaxBufferedPackets"/> decides first.
    /// </summary>
    public int MaxBufferedBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a polling POST may take to deliver its body, from the moment the server first has to wait for it. A
    /// slower one is answered with 408 and its session closed ("transport error"): Kestrel's minimum data rate alone
    /// would let a body of <see cref="MaxPayload"/> bytes trickle in for over an hour. Default 30 s, as the reference's
    /// <c>httpRequestBodyTimeout</c>.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The transports clients may use. Default both.</summary>
    public EngineIoTransports Transports { get; set; } = EngineIoTransports.All;

    /// <summary>
    /// Whether clients of Engine.IO protocol v3 (socket.io-client 2.x, and the many older clients in the field that speak
    /// it) may connect, as the reference's <c>allowEIO3</c>: a handshake whose <c>EIO</c> is not <c>4</c> is then served
    /// in protocol v3 (length-prefixed polling payloads, binary as base64 or the binary payload format, JSONP polling,
    /// the client pinging and the server answering) instead of being refused with 400 and "Unsupported protocol
    /// version". The layer above learns a session's revision from <see cref="EngineIoSocket.Protocol"/>. Default false.
    /// </summary>
    public bool AllowEio3 { get; set; }

    /// <summary>Whether polling sessions may upgrade to WebSocket. Default true.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// Decides whether a handshake may proceed; returning false refuses it with 403 and error code 4 (Forbidden), or a
    /// WebSocket handshake with 400 and "Forbidden", as the reference does. Runs for handshakes and for WebSocket
    /// upgrades of polling sessions (a new connection, which a check of the Origin header, say, must see too), not for
    /// the polling requests of an established session. Default: every request proceeds.
    /// </summary>
    public Func<HttpContext, ValueTask<bool>>? AllowRequest { get; set; }

    /// <summary>Cross-origin settings for browsers on other origins; null (the default) sends no CORS headers.</summary>
    public EngineIoCorsOptions? Cors { get; set; }

    /// <summary>A cookie carrying the sid, for load balancers that route by cookie; null (the default) sets none.</summary>
    public EngineIoCookieOptions? Cookie { get; set; }

    /// <summary>
    /// Negotiates permessage-deflate on WebSockets when the client offers it. Off by default: compression costs memory
    /// per connection and CPU per message.
    /// </summary>
    public bool PerMessageDeflate { get; set; }

    /// <summary>Messages shorter than this many bytes are sent uncompressed even when deflate is on. Default 1,024.</summary>
    public int PerMessageDeflateThreshold { get; set; } = 1024;

    internal void Validate()
    {
        if (PingInterval <= TimeSpan.Zero || PingTimeout <= TimeSpan.Zero || UpgradeTimeout <= TimeSpan.Zero || RequestBodyTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("EngineIoOptions: PingInterval, PingTimeout, UpgradeTimeout and RequestBodyTimeout must be positive.");
        }

        if (MaxPayload <= 0 || MaxBufferedPackets <= 0 || MaxBufferedBytes <= 0)
        {
            throw new InvalidOperationException("EngineIoOptions: MaxPayload, MaxBufferedPackets and MaxBufferedBytes must be positive.");
        }

        if ((Transports & EngineIoTransports.All) == EngineIoTransports.None)
        {
            throw new InvalidOperationException("EngineIoOptions: at least one transport must be allowed.");
        }
    }
}
