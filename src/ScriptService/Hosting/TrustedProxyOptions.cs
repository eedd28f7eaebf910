namespace ScriptService.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the service believes: a request from one
/// of them counts as coming from the client the proxy names (for the POST rate limit, the logs and
/// <c>socket.handshake.address</c>). Off unless an address or a network is set; without it the headers are ignored,
/// so that a client cannot choose its own address by sending them.
/// </summary>
/// <remarks>Bound from the <c>ScriptService:ForwardedHeaders</c> configuration section (<see cref="SectionName"/>).</remarks>
internal sealed class TrustedProxyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ScriptService:ForwardedHeaders";

    /// <summary>IP addresses of trusted proxies, e.g. <c>127.0.0.1</c> or <c>10.0.0.5</c>. Default empty.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>. Default empty.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsEnabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
