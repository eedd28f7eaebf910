using System.Net.Sockets;
using System.Text;

namespace TestUtilities;

/// <summary>A bare TCP connection that speaks HTTP/1.1 and client WebSocket frames byte by byte.</summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>
    /// Connects to a loopback port. A small <paramref name="receiveBufferSize"/> makes a client that stops reading stall
    /// the server's sends soon, as a client on a slow link or one that never reads does.
    /// </summary>
    public static async Task<RawHttpConnection> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var client = new TcpClient();
        if (receiveBufferSize is { } size)
        {
            client.ReceiveBufferSize = size;
        }

        await client.ConnectAsync(System.Net.IPAddress.Loopback, port).DefaultTimeout();
        return new RawHttpConnection(client);
    }

    /// <summary>Opens an Engine.IO session over a WebSocket to <paramref name="path"/> and reads its 101 and open packet.</summary>
    public async Task<string> OpenWebSocketSessionAsync(string path)
    {
        await SendAsync(
            $"GET {path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        var response = await ReadResponseAsync();
        Assert.Equal(101, response.Status);
        var open = await ReadFrameAsync();
        return OpenPacket.Parse(open.Text).Sid;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes that no other read has taken have arrived.</summary>
    public async Task ReadAtLeastAsync(int count)
    {
        while (_pending.Count < count)
        {
            if (!await FillAsync())
            {
                throw new IOException("The connection closed before the bytes arrived.");
            }
        }
    }

    /// <summary>Reads until the server ends the connection (closed or reset); returns how many bytes came, counting unread ones.</summary>
    public async Task<long> ReadToEndAsync()
    {
        long total = _pending.Count;
        _pending.Clear();
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer).AsTask().DefaultTimeout()) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
        }

        return total;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().DefaultTimeout();

    /// <summary>Reads a response head and, if it announces one, its body.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        int end;
        while ((end = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync())
            {
                throw new IOException("The connection closed before a whole response head: " + Encoding.Latin1.GetString([.. _pending]));
            }
        }

        var head = Encoding.Latin1.GetString(Take(end + 4)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToLookup(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers["Content-Length"].Select(int.Parse).FirstOrDefault();
        while (_pending.Count < length)
        {
            if (!await FillAsync())
            {
                throw new IOException("The connection closed inside a response body.");
            }
        }

        return new RawResponse(head[0], status, headers, Encoding.UTF8.GetString(Take(length)));
    }

    /// <summary>Reads one server frame (unmasked).</summary>
    public async Task<ServerFrame> ReadFrameAsync()
    {
        while (true)
        {
            var frames = ServerFrame.ParseWhole(_pending);
            if (frames.Count > 0)
            {
                var length = 2 + frames[0].Payload.Length + (frames[0].Payload.Length >= 126 ? (frames[0].Payload.Length > ushort.MaxValue ? 8 : 2) : 0);
                Take(length);
                return frames[0];
            }

            if (!await FillAsync())
            {
                throw new IOException("The connection closed before a whole frame.");
            }
        }
    }

    /// <summary>True once the server has closed the connection and everything it sent has been read.</summary>
    public async Task<bool> ReadEndAsync()
    {
        try
        {
            return !await FillAsync() && _pending.Count == 0;
        }
        catch (IOException)
        {
            return _pending.Count == 0;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[8192];
        var read = await _stream.ReadAsync(buffer).AsTask().DefaultTimeout();
        _pending.AddRange(buffer.AsSpan(0, read));
        return read > 0;
    }

    private int IndexOf(ReadOnlySpan<byte> value) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending).IndexOf(value);

    private byte[] Take(int count)
    {
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }
}
