using System.Net;

namespace LoadDriver.Client;

/// <summary>Where connections go and the pre-encoded upgrade request they send.</summary>
internal sealed class ConnectTarget(IPEndPoint server, string path, TimeSpan handshakeTimeout)
{
    public IPEndPoint Server { get; } = server;

    public byte[] UpgradeRequest { get; } = Wire.UpgradeRequest.Encode(server.ToString(), path);

    public string Path { get; } = path;

    /// <summary>The upgrade request of a WebSocket that takes over the polling session <paramref name="sid"/>.</summary>
    public byte[] UpgradeRequestFor(string sid) => Wire.UpgradeRequest.Encode(Server.ToString(), Path, sid);

    public TimeSpan HandshakeTimeout { get; } = handshakeTimeout;
}
