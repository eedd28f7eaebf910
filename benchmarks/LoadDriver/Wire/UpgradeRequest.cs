using System.Text;

namespace LoadDriver.Wire;

/// <summary>
/// The HTTP/1.1 WebSocket upgrade request for the Engine.IO endpoint: the same bytes for every new connection, or
/// with the <c>sid</c> of a polling session that the WebSocket is to take over.
/// </summary>
internal static class UpgradeRequest
{
    // Any 16-byte base64 nonce is valid; the server's Sec-WebSocket-Accept is not checked, so one constant serves all.
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    public static byte[] Encode(string hostHeader, string path, string? sid = null)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var session = sid is null ? "" : $"&sid={Uri.EscapeDataString(sid)}";
        var text =
            $"GET {path}{separator}EIO=4&transport=websocket{session} HTTP/1.1\r\n" +
            $"Host: {hostHeader}\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {Key}\r\n" +
            "Sec-WebSocket-Version: 13\r\n\r\n";
        return Encoding.ASCII.GetBytes(text);
    }
}
