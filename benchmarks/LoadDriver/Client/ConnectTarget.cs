using System.Net;

namespace LoadDriver.Client;

/// <summary>Where connections go and the pre-encoded upgrade request they send.</summary>
internal sealed class ConnectTarget(IPEndPoint server, string path, TimeSpan handshakeTimeout)
{
    public IPEndPoint Server { get; } = server;

    public byte[] UpgradeRequest { get; } = Wire.UpgradeRequest.Encode(server.ToString(), path);

    public TimeSpan HandshakeTimeout { get; } = handshakeTimeout;
}
